# Las palabras del propio programa para una persona, en español: la entrevista (`triage ask`) y
# el informe (`ask` y `assess`, texto y resumen). Español internacional neutro, de usted,
# con palabras sencillas; nunca se suaviza una urgencia. Los textos de la base de conocimiento
# (preguntas, causas, consejos) no están aquí. Cada mensaje de locales/en/triage.ftl debe
# estar aquí con las mismas variables (src/i18n/tests.rs lo comprueba).

## El comienzo de la entrevista

welcome = { $name }: preguntas sobre hormigueo, entumecimiento o dolor en la espalda
welcome-how = Responda s (sí), n (no) o ? (no lo sé). Escriba por qué para saber por qué se hace una pregunta, b para volver atrás, ayuda para más opciones, q para terminar.
help =
    Responda a cada pregunta con:
      s o sí         sí
      n o no         no
      ? o no sé      no lo sabe (o prefiere no decirlo)
      un número      en las preguntas sobre un número, como su edad
      un nombre o número de la lista, en las preguntas con opciones
      números        en una lista, los que correspondan, como 1,3 (n si no
                     corresponde ninguno; añada ? si tiene dudas sobre el
                     resto, como 1,?)
    También puede escribir:
      por qué        por qué se hace esta pregunta
      b o atrás      volver atrás y cambiar su última respuesta
      ayuda          esta ayuda
      q o salir      terminar ahora y ver el resultado hasta aquí

## Lo que una persona puede escribir, separado por comas, sin distinguir mayúsculas. Las
## palabras en inglés se aceptan también.

words-yes = s, sí, si
words-no = n, no
words-none = n, no, ninguno, ninguna, nada, 0
words-unsure = ?, no sé, no se, no lo sé, no lo se, ns, no estoy seguro, no estoy segura
words-back = b, atrás, atras, volver
words-why = por qué, por que, porque, ¿por qué?, por qué?
words-help = ayuda
words-quit = q, salir
units-hours = h, hora, horas
units-days = d, día, días, dia, dias
units-weeks = sem, semana, semanas
units-months = mes, meses
units-years = año, años, ano, anos

## Las preguntas

question-complaint = ¿Qué le preocupa? Indique uno o varios números, como 1,3 (o ? para omitir):
question-checklist = Indique los números de los que tenga (como 1,3), n si no tiene ninguno, o ? si tiene dudas:
question-escalation = Ahora mismo, o desde que empezó esto, ¿ha tenido alguno de estos?
escalation-first = Una pregunta más, para saber si necesita una ambulancia:
escalation-last = Y una última pregunta, ya que tenía dudas sobre dos de esas señales:
hint-days = (como 10 días, 3 semanas, 6 meses, 1 año; ? para omitir)
hint-range = ({ $min } a { $max }{ $unit ->
        [none] {""}
       *[other] {" "}{ $unit }
    }; ? para omitir)
hint-choice = ({ $options }; ? para omitir)
hint-yes-no = [s/n/?]

## Respuestas no entendidas

retry-checklist = Indique los números de los que tenga (del 1 al { $count }) separados por comas, n si no tiene ninguno, o ? si tiene dudas.
retry-complaint = Indique números del 1 al { $count } separados por comas, o ? para omitir.
retry-complaint-empty = Indique números del 1 al { $count }, o ? para omitir.
retry-days = Indique cuánto tiempo, como 10, 3 semanas, 6 meses o 1 año (hasta { $max } días), o ? si no lo sabe.
retry-number = Indique un número del { $min } al { $max }{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }, o ? si no lo sabe.
retry-choice = Responda { $options }, o ? para omitir.
retry-yes-no = Responda s, n o ? (o escriba ayuda).
retry-not-understood = Perdone, no he entendido "{ $answer }". Responda s, n o ? (o escriba ayuda).
answer-too-long = una respuesta ocupa más de { $size }: esto no es una respuesta; la entrevista se ha detenido

## Volver atrás

back-none = No hay ninguna respuesta anterior a la que volver.
back-going = Volvemos a la pregunta anterior (había respondido { $answer }):
answer-yes = sí
answer-no = no
answer-unsure = no lo sé

## Por qué se hace una pregunta

why-escalation = Pueden ser señales de que necesita una ambulancia, en lugar de ir al hospital por sus propios medios.
why-complaint = Elija lo que más le preocupa; las siguientes preguntas dependen de ello.
why-soon = Su respuesta indica si necesita que le vean pronto; por eso se pregunta al principio.
why-when = Su respuesta ayuda a decidir cuándo debe ver a un médico.
why-causes = Su respuesta ayuda a distinguir entre estas posibles causas:
why-picture = Su respuesta ayuda a completar el cuadro de sus síntomas.

## Cómo terminó la entrevista (salida de errores)

ended-input = La entrada terminó antes que la entrevista: este resultado se basa solo en { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }{ $saved }.
ended-quit = Ha terminado antes de tiempo: este resultado se basa solo en { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }{ $saved }.
ended-limit = Se alcanzó el límite de preguntas: este resultado se basa solo en { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }{ $saved }.
saved-so-far = ; las respuestas dadas hasta ahora están guardadas en `{ $path }`
saved-not = ; las últimas respuestas NO se han podido guardar en `{ $path }` (vea arriba)
saved-where = Las respuestas dadas hasta ahora están guardadas en `{ $path }`.
saved-again = (Las respuestas vuelven a guardarse en `{ $path }`.)
warning = aviso
save-failed = no se han podido guardar las respuestas en `{ $path }`: { $reason }
save-failing = { $reason }; la entrevista continúa, pero estas respuestas no se guardan
interrupted = interrumpido
interrupted-saved = ; sus respuestas están guardadas en `{ $path }`
interrupted-not-saved = ; sus últimas respuestas NO se han podido guardar en `{ $path }`: { $reason }

## El informe

notice = Esto es una ayuda para orientar la urgencia, no un diagnóstico: no puede examinarle y puede equivocarse. Si algo le preocupa, o sus síntomas cambian o empeoran, consulte a un médico, y en una emergencia llame al 999, 911 o 112.
kb-notice = Las reglas usadas aquí son las de { $source } ({ $name } { $version }), no las reglas propias de triage.
translation-draft = Las preguntas y los consejos en español son una traducción provisional, aún no revisada.
translation-missing = Las preguntas y los consejos de estas reglas no están traducidos al español; se muestran en inglés.
unit-years = años
unit-days = días
kb-draft = La base de conocimiento de este informe ({ $name } { $version }) es un borrador, aún no aprobado para uso clínico.
stopped-quit = usted detuvo las preguntas
stopped-input = las respuestas se acabaron
stopped-limit = se alcanzó el límite de preguntas
stopped-interrupted = las preguntas se interrumpieron
incomplete = Este resultado no está completo: { $why } después de { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }, así que se basa solo en esas respuestas.
level-emergency_ambulance = EMERGENCIA (AMBULANCIA)
level-emergency = EMERGENCIA
level-urgent = URGENTE
level-routine = NO URGENTE
level-self_care = CUIDADOS EN CASA
unanswered-heading = No se indicó ninguna señal urgente, pero { $count ->
        [one] { $count } señal de alarma quedó
       *[other] { $count } señales de alarma quedaron
    } sin responder.
if-none = Si no tiene ninguna de ellas: { $level }
unanswered-count = { $count ->
        [one] { $count } señal de alarma quedó
       *[other] { $count } señales de alarma quedaron
    } sin responder.
if-you-have = Si le pasa { $count ->
        [one] esto
       *[other] alguna de estas cosas
    }, { $level }:
only-together = Estas solo importan junto con otras señales de alarma:
why = Por qué:
why-reason = Por qué: { $reason }
tell-staff = Diga al personal sanitario que respondió sí a:
also = Además:
no-cause = Ninguna de las causas que cubre esta herramienta encaja bien con estas respuestas; siga los consejos de arriba.
causes = Posibles causas, de la más a la menos probable:
what-now = Lo que puede hacer ahora:
if-starts = Si { $count ->
        [one] empieza a notar esto
       *[other] empieza a notar alguna de estas cosas
    }, { $level }:

## El resumen para un médico (--format summary), en Markdown

summary-title = Resumen de síntomas: hormigueo, entumecimiento o dolor en la espalda
summary-made-by = Hecho con `triage` con la base de conocimiento { $name } { $version }{ $draft }, a partir de las propias respuestas de la persona. Es una ayuda para orientar la urgencia, no un diagnóstico.
summary-draft = {" "}(un borrador)
summary-not-complete = Incompleto: { $why } después de { $count ->
        [one] { $count } respuesta
       *[other] { $count } respuestas
    }.
summary-urgency = Urgencia
summary-answers = Respuestas
summary-no-answers = No se dio ninguna respuesta.
summary-not-asked = Señales de alarma no preguntadas
summary-causes = Causas consideradas, de la más a la menos probable
summary-no-causes = Ninguna encajaba bien con las respuestas.

## Guardar las respuestas (`ask --save ARCHIVO`)

save-busy = Otra entrevista de `triage ask` está guardando `{ $path }` (tiene `{ $lock }`); termine primero esa entrevista, o guarde en otro archivo
save-holds-answers = `{ $path }` ya contiene respuestas; `--resume` sigue desde ellas, `--force` empieza de nuevo y las sustituye
save-not-a-file = `{ $path }` es { $kind ->
        [link] un enlace simbólico
        [folder] una carpeta
       *[other] algo que no es un archivo normal
    }; `--save` solo escribe en un archivo normal (indique la ruta de uno, o de uno nuevo)

## Una carpeta de reglas encontrada hacia arriba que otra persona podría haber escrito (`ask` y
## `assess` la rechazan)

distrust-writable = cualquier usuario puede modificar `{ $at }`
distrust-owner = `{ $at }` pertenece a otro usuario (id de usuario { $owner }, no el suyo, { $me })
distrust-refusal = no se usa la base de conocimiento encontrada en `{ $dir }`: { $why }, así que cualquiera podría haber cambiado los consejos que da. Si confía en ella, indíquela: `--rules { $dir }` (o { $variable }={ $dir }); si no, ejecute triage desde otra carpeta para usar la base de conocimiento incorporada

## Evaluar sin respuestas (`assess` sin respuestas)

nothing-given = no se ha dado ninguna respuesta, así que no hay nada que evaluar, y el resultado parecería indicar que todo está bien; indique las respuestas con --yes, --no, --unknown, --age ... o --answers, o añada --allow-empty si es lo que quiere

## Lo que está mal en las respuestas dadas a `assess` (sus opciones, un archivo --answers) o
## leídas de nuevo por `ask --resume`. Los ids, las opciones, las rutas y las palabras de las
## respuestas (present, absent) se quedan como están.

error = error
diagnostic-help = ayuda
diagnostics-more = ... y { $count } más que no se muestran
answers-problems = { $count ->
        [one] { $count } problema
       *[other] { $count } problemas
    } en las respuestas
kb-not-loaded = no se pudo cargar la base de conocimiento: { $count ->
        [one] { $count } error
       *[other] { $count } errores
    } (los detalles de arriba están en inglés, para quien mantiene las reglas)
kb-not-loaded-found = quien mantiene `{ $dir }` puede ver todos los problemas con `triage check`; para usar mientras tanto la base de conocimiento incorporada, ejecute triage desde otra carpeta
kb-not-loaded-flag = quien mantiene `{ $dir }` puede ver todos los problemas con `triage check --rules { $dir }`; sin --rules, triage usa la carpeta rules/ más cercana o su base de conocimiento incorporada
kb-not-loaded-env = quien mantiene `{ $dir }` puede ver todos los problemas con `triage check`; quite la variable { $variable } para usar la carpeta rules/ más cercana o la base de conocimiento incorporada
answers-yaml = el archivo no es YAML válido: { $detail }
answers-empty-file = el archivo de respuestas `{ $name }` está vacío; indique las respuestas (`{"{"}{"}"}` con --allow-empty evalúa sin ningún dato)
answers-empty-stdin = las respuestas de la entrada estándar están vacías; indique las respuestas (`{"{"}{"}"}` con --allow-empty evalúa sin ningún dato)
answers-not-a-mapping = un archivo de respuestas es un mapa (age, sex, duration_days, findings), no { $kind }
answers-findings-not-a-mapping = `findings` es un mapa de ids de hallazgos a respuestas, no { $kind }
answers-duplicate-key = clave repetida `{ $key }`: una clave solo puede aparecer una vez en un mapa
answers-unknown-key = clave desconocida `{ $key }` en las respuestas
answers-under-findings = los hallazgos van bajo `findings:`, como `findings: {"{"}{ $key }: present{"}"}`
answers-concept = `{ $id }` es un concepto que deducen las reglas; no se puede responder
answers-unknown-finding = hallazgo desconocido `{ $id }`
answers-list-findings = `triage list findings` los muestra todos
answers-twice = `{ $id }` tiene dos respuestas; respóndalo una sola vez
answers-not-yes-no = la respuesta a `{ $id }` debe ser present, absent o unknown, no { $value }
answers-not-a-number = `{ $id }` es un número, no { $value }
answers-not-an-option = `{ $id }` es uno de { $options }, no { $value }
answers-cannot-answer = `{ $id }` no se puede responder
answers-impossible = { $words ->
        [age] una edad de { $value } es imposible
       *[other] { $value } es imposible
    }: `{ $id }` debe estar entre { $min } y { $max } { $unit }
answers-choice = `{ $id }` debe ser uno de { $options }, no `{ $value }`
answers-flag-number = `{ $id }` es un número; indíquelo como `--{ $flag } N` o en un archivo de respuestas
answers-flag-choice = `{ $id }` es una opción ({ $options }); indíquelo en un archivo de respuestas
answers-not-a-finding = `{ $id }` es { $kind ->
        [cause] una causa
        [urgency_level] un nivel de urgencia
        [rule] una regla
        [source] una fuente
        [invariant] un invariante
        [screening_question] una pregunta de cribado
        [hazard] un peligro
        [text] un texto
        [safety_net] una red de seguridad
       *[other] { $kind }
    }, no un hallazgo
answers-in-flag = { $message } (en { $flag })
answers-given-twice = `{ $id }` aparece a la vez en --{ $first } y en --{ $second }; respóndalo una sola vez
answers-no-demographic = esta base de conocimiento no tiene el hallazgo `{ $id }`
did-you-mean = ¿quiso decir `{ $id }`?
did-you-mean-many = ¿quiso decir uno de { $ids }?
node-empty = un valor vacío
node-boolean = un booleano
node-number = un número
node-text = un texto
node-list = una lista
node-mapping = un mapa

## Lo que el lector de YAML encuentra mal en un archivo (para una persona, un archivo de
## respuestas): se dice tras answers-yaml, con la línea y la columna debajo. Las claves
## (`{ $key }:`), el texto del propio archivo y los signos de YAML (`- `, `:`, `---`) se quedan
## como están.

yaml-unreadable = el lector de YAML no entiende el archivo en este punto; compruebe la sangría, los `:` y las comillas de esta línea y de las de encima
yaml-tab = un tabulador en la sangría: en YAML se sangra solo con espacios
yaml-tab-help = sustituya el tabulador por espacios, tantos como usan las líneas de alrededor
yaml-unclosed-bracket = un corchete o una llave que nunca se cierra
yaml-unclosed-bracket-help = ciérrelo en la misma línea (`[a, b]`, `{"{"}all: [a, b]{"}"}`), o sangre las líneas por las que continúa más que su clave
yaml-dash-space = el `-` de un elemento de lista necesita un espacio detrás
yaml-dash-space-help = escriba `- { $item }`
yaml-colon-space = `{ $key }:` necesita un espacio después de los `:`
yaml-colon-space-help = escriba `{ $key }: { $value }`
yaml-missing-dash = `{ $key }:` empieza un elemento de lista sin su `- `
yaml-missing-dash-help = escriba `- { $key }: ...`; las claves del elemento de debajo se quedan donde están
yaml-what = { $kind ->
        [item] este elemento de la lista
        [line] esta línea
       *[key] `{ $key }:`
    }
yaml-others = { $kind ->
        [items] los otros elementos de esta lista
        [block] las otras claves de este bloque
       *[entity] las otras claves de { $entity ->
            [rule] esta regla
            [finding] este hallazgo
            [concept] este concepto
            [cause] esta causa
            [level] este nivel
            [invariant] este invariante
            [screen] esta pregunta de cribado
            [source] esta fuente
            [scenario] este escenario
           *[other] esta entrada
        }
    }
yaml-indented = { $what } tiene una sangría de { $indent ->
        [one] { $indent } espacio
       *[other] { $indent } espacios
    }; { $others } usan { $expected }
yaml-indented-like = { $what } tiene una sangría de { $indent ->
        [one] { $indent } espacio
       *[other] { $indent } espacios
    }, { $like ->
        [dash] como el `- ` de esta lista
       *[keys] como las claves de alrededor
    }; { $others } usan { $expected }
yaml-nested-under-value-help = la línea { $above }, encima, tiene un valor propio, así que no se puede anidar nada bajo ella; dé a { $what } una sangría de { $expected ->
        [one] { $expected } espacio
       *[other] { $expected } espacios
    }, como { $others }
yaml-indent-help = use una sangría de { $expected ->
        [one] { $expected } espacio
       *[other] { $expected } espacios
    }
yaml-entry-without = { $entity ->
        [rule] esta regla
        [finding] este hallazgo
        [concept] este concepto
        [cause] esta causa
        [level] este nivel
        [invariant] este invariante
        [screen] esta pregunta de cribado
        [source] esta fuente
        [scenario] este escenario
       *[other] esta entrada
    } no tiene `{ $field }:`
yaml-entry-without-help = añádala, o compruebe que todas sus claves tienen la misma sangría
yaml-missing-field = aquí falta `{ $field }:`
yaml-missing-field-help = añádala, o compruebe que las claves de debajo tienen la misma sangría que las demás de esta entrada
yaml-key-without-colon = una clave sin sus `:`
yaml-key-without-colon-help = escríbala como `clave: valor`, con un espacio después de los dos puntos
yaml-list-needed = aquí hace falta una lista
yaml-list-needed-help = empiece cada elemento en una línea propia con `- `, o escriba los elementos como `[a, b]`
yaml-unclosed-quote = unas comillas que nunca se cierran
yaml-unclosed-quote-help = ciérrelas con las mismas comillas, en la misma línea
yaml-tab-found = un tabulador donde YAML espera espacios
yaml-tab-found-help = sustituya el tabulador por espacios
yaml-colon-here = unos `:` que YAML no puede leer aquí
yaml-colon-here-help = compare la sangría de esta línea con la de las líneas de alrededor; un texto que contenga `: ` debe ir entre comillas
yaml-mapping-expected = aquí se esperaba `clave: valor`
yaml-mapping-expected-help = puede que a una clave le falten sus `:`
yaml-dash-unexpected = un elemento de lista `- ` donde YAML no lo espera
yaml-dash-unexpected-help = busque en las líneas de encima un corchete o unas comillas sin cerrar, y compruebe la sangría de esta línea
yaml-does-not-fit = esta línea no encaja en la lista o el bloque en que está
yaml-does-not-fit-help = compare su sangría y su `- ` con los de las líneas de alrededor
yaml-empty-text = aquí hace falta un texto, pero el valor está vacío
yaml-empty-text-help = escriba el texto después de los `:`, u omita una clave cuyo valor sea opcional
yaml-text-needed = aquí hace falta un texto, no una lista ni un mapa
yaml-text-needed-help = un texto que empiece por `[` o `{"{"}`, o que contenga `: ` o ` #`, debe ir entre comillas
yaml-document-start = YAML espera aquí una línea `---`: una línea que empieza por `%` es una directiva de YAML, y después de una línea `...` debe empezar un documento nuevo
yaml-document-start-help = ponga entre comillas el texto que empiece por `%`, y quite cualquier línea `...`; un archivo es un solo documento
yaml-wrong-bracket = un corchete o una llave que se cierra con el signo equivocado: '{ $open }' cerrado con '{ $close }'
yaml-wrong-bracket-help = cierre `[` con `]` y `{"{"}` con `{"}"}`
yaml-expected = aquí se esperaba { $kind ->
        [whole] un número entero
        [number] un número
       *[boolean] true o false
    }
yaml-too-deep = el YAML está anidado a demasiada profundidad (más de 200 niveles)
yaml-too-much-text = el YAML contiene demasiado texto
yaml-too-many-values = el YAML se expande en demasiados valores (una bomba de alias, o un archivo demasiado grande)
yaml-no-yaml = el archivo no contiene YAML, solo comentarios o marcas de documento (`---`)
yaml-many-documents = el archivo contiene más de un documento YAML (con una línea `---` entre ellos); un archivo es un solo documento
yaml-recursive-alias = un alias (`*nombre`) se refiere a un valor del que forma parte; un valor no puede contenerse a sí mismo
yaml-duplicate-key = clave repetida `{ $key }`: una clave solo puede aparecer una vez en un mapa
yaml-not-finite = { $value } no es un número finito

## Un archivo que no se puede leer ni escribir

io-read = no se puede leer `{ $path }`: { $reason }
io-lock = no se puede bloquear `{ $path }`: { $reason }
io-save = no se pueden guardar las respuestas en `{ $path }`: { $reason }
reason-closed = está cerrado o no está abierto para escritura
reason-not-found = no existe ese archivo o carpeta
reason-permission = permiso denegado
reason-not-a-folder = no es una carpeta
reason-is-a-folder = es una carpeta, no un archivo
reason-disk-full = el disco está lleno
reason-read-only = el disco es de solo lectura
reason-quota = se ha agotado la cuota de disco
reason-too-large = el archivo es demasiado grande para el disco

## Los errores de uso de la línea de órdenes para `ask` y `assess`

usage-unknown = no se esperaba el argumento '{ $arg }'
usage-missing-value = falta el valor de '{ $arg }'
usage-invalid-value = valor no válido '{ $value }' para '{ $arg }'
usage-not-valid = valor no válido '{ $value }' para '{ $arg }': { $reason }
usage-possible-values = [valores posibles: { $values }]
usage-required = faltan estos argumentos obligatorios:
usage-conflict = el argumento '{ $arg }' no se puede usar junto con '{ $other }'
usage-similar = sugerencia: existe un argumento parecido: '{ $arg }'
usage-usage = Uso: { $usage }
usage-more = Para más información, pruebe '--help'.
whole-too-large = el número es demasiado grande
whole-fraction = indique un número entero (sin decimales)
whole-not-a-number = indique un número entero, como 42

## Un archivo que no es texto que triage pueda leer

file-not-text = `{ $name }` es { $why }
not-text-utf16 = texto UTF-16, no UTF-8; guárdelo como UTF-8 (por ejemplo con `iconv -f UTF-16 -t UTF-8`)
not-text-utf8 = un texto UTF-8 no válido (hay un byte erróneo en la posición { $offset })
file-too-large = `{ $name }` es demasiado grande: los archivos de reglas o de respuestas tienen como máximo { $size } MB

## `ask --help` y `assess --help` (y -h): lo que hace la orden, la ayuda de cada opción y de sus
## valores, y las palabras de clap alrededor. Las opciones, los nombres de sus valores y la
## sinopsis quedan como los escribe clap.

cli-ask = Hace las preguntas una a una y luego muestra el resultado (la orden por defecto en una terminal)
cli-assess = Evalúa un conjunto de respuestas dadas como opciones o en un archivo, sin hacer preguntas
cli-usage = Uso:
cli-options = Opciones
cli-global-options = Opciones globales
cli-default = por defecto
cli-possible-values = valores posibles
cli-possible-values-heading = Valores posibles
cli-help = Muestra la ayuda
cli-help-more = Muestra la ayuda (vea más con '--help')
cli-help-summary = Muestra la ayuda (vea un resumen con '-h')
cli-rules = Usa la base de conocimiento de esta carpeta [por defecto: $TRIAGE_RULES; si no, el rules/knowledge_base.yaml más cercano de aquí hacia arriba; si no, la integrada]
cli-color = Cuándo usar colores en la salida
cli-ask-format = Formato del informe final (las preguntas van siempre a la salida de errores)
cli-assess-format = Formato de salida [por defecto: text; con --batch, siempre JSON Lines]
cli-format-text = Para la persona: qué hacer, por qué, las posibles causas, lo que no se respondió
cli-format-json = Un objeto JSON, para programas
cli-format-summary = Texto sencillo (Markdown) para imprimir o enseñar a un médico: las respuestas, la urgencia y sus motivos, las causas consideradas
cli-format-fhir = Un Bundle FHIR R4: las respuestas como QuestionnaireResponse y el resultado como RiskAssessment, para sistemas sanitarios
cli-details = En el informe de texto, muestra los ids de las reglas, las puntuaciones y las fuentes de cada afirmación
cli-max-questions = Hace como máximo este número de preguntas
cli-show-ids = Empieza cada pregunta con el id de lo que pregunta, como `[fever]`
cli-save = Guarda las respuestas en este archivo a medida que se dan (para volver a evaluarlas con `assess --answers FILE`)
cli-resume = Continúa desde las respuestas que ya están en el archivo de --save
cli-force = Sustituye las respuestas que ya están en el archivo de --save
cli-lang = El idioma de las preguntas y del informe: un código como `es` (por defecto: el que indican LC_ALL, LC_MESSAGES o LANG, o el que lista LANGUAGE, si triage lo tiene; si no, inglés)
cli-yes = Hallazgos presentes (ids separados por comas; se puede repetir)
cli-no = Hallazgos ausentes (ids separados por comas; se puede repetir)
cli-unknown = Hallazgos que la persona no sabe (ids separados por comas; se puede repetir)
cli-age = Edad en años cumplidos
cli-sex = Sexo: female (mujer) o male (hombre) (también `f` para female y `m` para male)
cli-duration-days = Cuánto tiempo llevan los síntomas, en días completos
cli-answers = Lee las respuestas de un archivo YAML o JSON, o de la entrada estándar con `-`
cli-batch = Evalúa muchos casos: un objeto de respuestas (JSON) por línea de FILE, o de la entrada estándar con `-`; escribe un resultado JSON por línea, en el orden de entrada (el informe JSON con su `line`, o `{"{"}"line": N, "error": "..."{"}"}`), con todos los núcleos
cli-allow-empty = Evalúa aunque no se dé ninguna respuesta ("no lo sé" es una respuesta; si no, es un error: suele ser un fallo de un script); con --batch, esas líneas (también las vacías) se evalúan

## La entrada estándar: las respuestas de `assess --answers -` y de la entrevista, y `--batch -`.

io-read-stdin = no se puede leer la entrada estándar: { $reason }
io-read-answers-stdin = no se pueden leer las respuestas de la entrada estándar: { $reason }
stdin-too-large = la entrada estándar es demasiado grande: los archivos de reglas o de respuestas tienen como máximo { $size } MB
stdin-not-text = las respuestas de la entrada estándar son { $why }

## Un QuestionnaireResponse de FHIR dado a `assess --answers`: lo que no se ajusta a la base de
## conocimiento. Los tipos de recurso, los nombres de elementos (linkId, valueCoding,
## valueBoolean...), los códigos y los sistemas de códigos quedan como los nombra FHIR.

fhir-not-answers = `{ $name }` es un { $kind } de FHIR, no unas respuestas; indique un QuestionnaireResponse del Questionnaire de `triage questionnaire --format fhir`, o un archivo de respuestas
fhir-problems = el QuestionnaireResponse no se ajusta a la base de conocimiento:
fhir-not-a-finding = el elemento `{ $link }` no es un hallazgo de la base de conocimiento{ $hint }
fhir-item = elemento `{ $link }`: { $problem }
fhir-answers = el elemento `{ $link }` tiene { $count } respuestas; indique una sola
fhir-twice = el elemento `{ $link }` se responde dos veces
fhir-yes-no = una pregunta de sí o no lleva la codificación Y o N de { $yes-no }, asked-unknown de { $absent }, o un valueBoolean; no { $answer }
fhir-number = una pregunta sobre un número lleva valueInteger o valueDecimal; no { $answer }
fhir-range = { $value } está fuera del intervalo de { $min } a { $max } { $unit }
fhir-choice = la respuesta es una de { $options }; no { $answer }
fhir-concept = un concepto no se puede responder

## Un `--lang` que nombra un idioma que triage no tiene, en el idioma del locale.

lang-unknown = no hay ningún idioma `{ $code }`; los idiomas son { $codes }

## La salida estándar cerrada antes de hacer nada, o en la que no se puede escribir.

stdout-closed = la salida estándar está cerrada (`>&-`) o no está abierta para escritura, así que el informe se perdería; no se ha hecho nada (una salida estándar cerrada llega a `triage` como /dev/null abierto para lectura y escritura: para descartar el informe, abra /dev/null solo para escritura, como hace `> /dev/null`)
io-output = no se puede escribir la salida: { $reason }

## `triage` solo, sin una terminal en la que hacer preguntas; `assess --batch` con otro formato.

no-command = no se indicó ninguna orden; pruebe `triage ask`, `triage assess --help` o `triage --help` para ver la lista
batch-format = --batch escribe un informe JSON por línea; no tiene `--format { $format }` (quite --format, o indique --format json)
