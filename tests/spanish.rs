//! The person's path in Spanish (issue 21 item 10): the program's own words through
//! locales/es/triage.ftl, chosen by `--lang es` or the locale (LC_ALL, LC_MESSAGES, LANG), and
//! answers typed in Spanish. The knowledge base's texts are its own to translate
//! (rules/locales/es.yaml): the mini knowledge base has none, so its texts stay English and the
//! person is told so; the shipped one's are Spanish.

use crate::harness::{Test, assert_has_all, mini};

/// The mini knowledge base has no Spanish texts: the person is told so, once in the welcome
/// and once in the report.
const NO_TRADUCIDO: &str = "\
Las preguntas y los consejos de estas reglas no están traducidos al español; se
muestran en inglés.
";

const BIENVENIDA: &str = "\
mini: preguntas sobre hormigueo, entumecimiento o dolor en la espalda
Las preguntas y los consejos de estas reglas no están traducidos al español; se
muestran en inglés.
Esto es una ayuda para orientar la urgencia, no un diagnóstico: no puede
examinarle y puede equivocarse. Si algo le preocupa, o sus síntomas cambian o
empeoran, consulte a un médico, y en una emergencia llame al 999, 911 o 112.
Responda s (sí), n (no) o ? (no lo sé). Escriba por qué para saber por qué
se hace una pregunta, b para volver atrás, ayuda para más opciones, q para
terminar.

";

const AVISO: &str = "\
La base de conocimiento de este informe (mini 0.1.0) es un borrador, aún no
aprobado para uso clínico.
Esto es una ayuda para orientar la urgencia, no un diagnóstico: no puede
examinarle y puede equivocarse. Si algo le preocupa, o sus síntomas cambian o
empeoran, consulte a un médico, y en una emergencia llame al 999, 911 o 112.
";

#[test]
fn an_emergency_in_spanish_with_lang_es() {
    Test::new()
        .rules(&mini())
        .args(&["ask", "--lang", "es", "--show-ids"])
        .stdin("sí\n")
        .stderr(&format!(
            "{BIENVENIDA}\
[saddle_numbness] Is it numb between your legs? [s/n/?] sí

EMERGENCIA: Go to an emergency department now
Go to the nearest emergency department now.
Por qué: Numbness between the legs can mean pressure on the nerves at the base
of the spine.

"
        ))
        .stdout(&format!(
            "\
EMERGENCIA: Go to an emergency department now
Go to the nearest emergency department now.

{NO_TRADUCIDO}
Por qué:
  - Numbness between the legs can mean pressure on the nerves at the base of
    the spine.

Diga al personal sanitario que respondió sí a:
  - Is it numb between your legs?

{AVISO}"
        ))
        .run();
}

#[test]
fn self_care_in_spanish_from_lang_with_spanish_answers_why_back_and_a_bad_answer() {
    Test::new()
        .rules(&mini())
        .args(&["ask", "--show-ids"])
        .env("LANG", "es_ES.UTF-8")
        .stdin("no\nquizás\npor qué\nn\nb\nno sé\ns\nn\n")
        .stderr(&format!(
            "{BIENVENIDA}\
[saddle_numbness] Is it numb between your legs? [s/n/?] no
[fever] Have you had a fever? [s/n/?] quizás
Perdone, no he entendido \"quizás\". Responda s, n o ? (o escriba ayuda).
[fever] Have you had a fever? [s/n/?] por qué
Feeling hot and shivery counts. Su respuesta indica si necesita que le vean
pronto; por eso se pregunta al principio.
[fever] Have you had a fever? [s/n/?] n
[back_pain] Do you have pain in your back? [s/n/?] b
Volvemos a la pregunta anterior (había respondido no):
[fever] Have you had a fever? [s/n/?] no sé
[back_pain] Do you have pain in your back? [s/n/?] s
[radiates_to_leg] Does the pain travel into a leg? [s/n/?] n
"
        ))
        .stdout(&format!(
            "\
{NO_TRADUCIDO}
CUIDADOS EN CASA: Manage at home
Rest and keep moving gently; see a doctor if it persists.

Posibles causas, de la más a la menos probable:
  1. Muscle strain: A strained back muscle.

Lo que puede hacer ahora:
  - Keep active; bed rest slows recovery.

1 señal de alarma quedó sin responder.
Si le pasa esto, see a doctor within 24 hours:
  - Have you had a fever?

{AVISO}"
        ))
        .run();
}

#[test]
fn english_answers_work_in_spanish_and_stopping_early_is_said_in_spanish() {
    let ran = Test::new()
        .rules(&mini())
        .args(&["ask"])
        .env("LANG", "es")
        .stdin("no\nyes\nq\n")
        .run();
    assert!(
        ran.stderr.ends_with(
            "Have you had a fever? [s/n/?] yes\n\
             Do you have pain in your back? [s/n/?] q\n\
             Ha terminado antes de tiempo: este resultado se basa solo en 2 respuestas.\n"
        ),
        "{}",
        ran.stderr
    );
    assert!(
        ran.stdout.starts_with(&format!(
            "{NO_TRADUCIDO}\n\
             Este resultado no está completo: usted detuvo las preguntas después de 2\n\
             respuestas, así que se basa solo en esas respuestas.\n\n"
        )),
        "{}",
        ran.stdout
    );
}

#[test]
fn assess_in_spanish_text() {
    Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--lang",
            "es",
            "--yes",
            "back_pain,fever",
            "--no",
            "saddle_numbness",
        ])
        .stdout(&format!(
            "\
{NO_TRADUCIDO}
URGENTE: See a doctor within 24 hours
Get an appointment with a doctor today.

Por qué:
  - Fever with back pain can mean an infection.

Ninguna de las causas que cubre esta herramienta encaja bien con estas
respuestas; siga los consejos de arriba.

{AVISO}"
        ))
        .run();
}

#[test]
fn the_summary_for_a_doctor_in_spanish() {
    let ran = Test::new()
        .rules(&mini())
        .args(&[
            "assess",
            "--lang",
            "es",
            "--yes",
            "back_pain,fever",
            "--unknown",
            "radiates_to_leg",
            "--format",
            "summary",
        ])
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "# Resumen de síntomas: hormigueo, entumecimiento o dolor en la espalda\n",
            "\n## Urgencia\n\n**URGENTE: See a doctor within 24 hours**\n",
            "- Do you have pain in your back? **sí**\n",
            "- Does the pain travel into a leg? **no lo sé**\n",
            "\n## Señales de alarma no preguntadas\n\n- Is it numb between your legs?\n",
            "\n## Causas consideradas, de la más a la menos probable\n\nNinguna encajaba bien con las respuestas.\n",
        ],
    );
}

#[test]
fn a_language_triage_lacks_is_a_usage_error_naming_those_it_has() {
    let ask: &[&str] = &["ask", "--lang", "xx"];
    let assess: &[&str] = &["assess", "--lang", "xx", "--yes", "fever"];
    for args in [ask, assess] {
        Test::new()
            .args(args)
            .status(2)
            .stdout("")
            .stderr("error: there is no language `xx`; the languages are en, es\n")
            .run();
        // Said in the locale's language, the one the person reads.
        Test::new()
            .env("LANG", "es_ES.UTF-8")
            .args(args)
            .status(2)
            .stdout("")
            .stderr("error: no hay ningún idioma `xx`; los idiomas son en, es\n")
            .run();
    }
    // But in English where the output is for programs, as the usage errors are.
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&[
            "assess", "--lang", "xx", "--format", "json", "--yes", "fever",
        ])
        .status(2)
        .stdout("")
        .stderr("error: there is no language `xx`; the languages are en, es\n")
        .run();
}

#[test]
fn lc_all_overrides_lang_and_a_locale_triage_lacks_is_english() {
    for env in [
        [("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")],
        [("LC_ALL", "fr_FR.UTF-8"), ("LANG", "es_ES.UTF-8")],
        [("LC_MESSAGES", "POSIX"), ("LANG", "es_MX")],
    ] {
        let ran = env
            .iter()
            .fold(Test::new(), |test, (key, value)| test.env(key, value))
            .rules(&mini())
            .args(&[
                "assess",
                "--yes",
                "back_pain",
                "--no",
                "fever,saddle_numbness",
            ])
            .run();
        assert!(
            ran.stdout.starts_with("SELF CARE: "),
            "{env:?}\n{}",
            ran.stdout
        );
    }
    let ran = Test::new()
        .env("LC_ALL", "es_MX")
        .env("LANG", "C")
        .rules(&mini())
        .args(&[
            "assess",
            "--yes",
            "back_pain",
            "--no",
            "fever,saddle_numbness",
        ])
        .run();
    assert!(
        ran.stdout
            .starts_with(&format!("{NO_TRADUCIDO}\nCUIDADOS EN CASA: ")),
        "{}",
        ran.stdout
    );
    // `--lang` wins over the locale.
    let ran = Test::new()
        .env("LC_ALL", "es_ES.UTF-8")
        .rules(&mini())
        .args(&[
            "assess",
            "--lang",
            "en",
            "--yes",
            "back_pain",
            "--no",
            "fever,saddle_numbness",
        ])
        .run();
    assert!(ran.stdout.starts_with("SELF CARE: "), "{}", ran.stdout);
}

/// GNU's priority list `LANGUAGE` is read as gettext reads it: its first language triage has
/// wins over the locale's, unless the locale is C; `--lang` wins over both.
#[test]
fn language_lists_languages_in_order_unless_the_locale_is_c() {
    let self_care = |env: &[(&str, &str)], lang: Option<&str>| {
        let mut args = vec![
            "assess",
            "--yes",
            "back_pain",
            "--no",
            "fever,saddle_numbness",
        ];
        if let Some(lang) = lang {
            args.extend(["--lang", lang]);
        }
        env.iter()
            .fold(Test::new(), |test, (key, value)| test.env(key, value))
            .rules(&mini())
            .args(&args)
            .status(0)
            .stderr("")
            .run()
            .stdout
    };
    for env in [
        [("LANG", "en_GB.UTF-8"), ("LANGUAGE", "es:en")],
        [("LC_MESSAGES", "fr_FR.UTF-8"), ("LANGUAGE", "fr:es_MX")],
    ] {
        let stdout = self_care(&env, None);
        assert!(
            stdout.starts_with(&format!("{NO_TRADUCIDO}\nCUIDADOS EN CASA: ")),
            "{env:?}\n{stdout}"
        );
    }
    for (env, lang) in [
        ([("LANG", "C"), ("LANGUAGE", "es")], None),
        ([("LC_ALL", "POSIX"), ("LANGUAGE", "es")], None),
        ([("LANG", "es_ES.UTF-8"), ("LANGUAGE", "en:es")], None),
        ([("LANG", "en_GB.UTF-8"), ("LANGUAGE", "es")], Some("en")),
    ] {
        let stdout = self_care(&env, lang);
        assert!(stdout.starts_with("SELF CARE: "), "{env:?}\n{stdout}");
    }
}

/// The shipped knowledge base, to an emergency by saddle numbness: the program's words and
/// the knowledge base's are Spanish, and the one question that may follow an emergency is
/// asked in Spanish.
#[test]
fn the_shipped_interview_in_spanish_to_an_emergency_by_saddle_numbness() {
    let ran = Test::new()
        .args(&["ask", "--lang", "es", "--show-ids"])
        .stdin("35\n3\n5 días\nn\n2\nn\n")
        .run();
    assert_has_all(
        &ran.stderr,
        &[
            "back-symptoms: preguntas sobre hormigueo, entumecimiento o dolor en la espalda\n",
            "[complaint] ¿Qué le preocupa? Indique uno o varios números, como 1,3 (o ? para\nomitir):\n",
            "Indique los números de los que tenga (como 1,3), n si no tiene ninguno, o ? si\ntiene dudas:\n",
            "\nUna pregunta más, para saber si necesita una ambulancia:\n",
        ],
    );
    // The knowledge base's own texts are Spanish too (rules/locales/es.yaml), and the
    // person is told that translation is a draft.
    assert_has_all(
        &ran.stderr,
        &[
            "[age] ¿Cuántos años tiene? (0 a 120 años; ? para omitir) 35\n",
            "  3. [back_pain] Dolor en la espalda\n",
            "\nEMERGENCIA: Vaya a urgencias ahora\n",
        ],
    );
    assert!(
        ran.stdout
            .starts_with("EMERGENCIA: Vaya a urgencias ahora\n"),
        "{}",
        ran.stdout
    );
    assert_has_all(
        &ran.stdout,
        &[
            "El entumecimiento entre las piernas (la «zona del sillín») puede significar",
            "\nLas preguntas y los consejos en español son una traducción provisional, aún\nno revisada.\n",
        ],
    );
    assert_has_all(
        &ran.stdout,
        &[
            "\nPor qué:\n",
            "\nDiga al personal sanitario que respondió sí a:\n",
            "en una emergencia llame al 999, 911 o 112.\n",
        ],
    );
    // Nothing that reads as a less urgent result.
    for calm in [
        "CUIDADOS EN CASA",
        "Lo que puede hacer ahora",
        "Si empieza a notar",
    ] {
        assert!(!ran.stdout.contains(calm), "{calm}\n{}", ran.stdout);
    }
}

/// The shipped knowledge base, to self-care for an ordinary strain, with the duration typed in
/// Spanish ("5 días" is 5 days) and "sí" as "s".
#[test]
fn the_shipped_interview_in_spanish_to_self_care_for_an_ordinary_strain() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("respuestas.yaml");
    let ran = Test::new()
        .args(&["ask", "--save", save.to_str().unwrap()])
        .env("LANG", "es_ES.UTF-8")
        .stdin(&format!(
            "35\n3\n3 semanas\nn\nn\nn\nn\nn\n2\nn\nn\nn\nsí\n{}",
            "n\n".repeat(30)
        ))
        .run();
    let saved = std::fs::read_to_string(&save).unwrap();
    assert!(saved.contains("duration_days: 21\n"), "{saved}");
    assert!(saved.contains("  lower_back: present\n"), "{saved}");
    assert!(
        saved.contains("  worse_bending_coughing: present\n"),
        "{saved}"
    );
    assert!(
        ran.stdout.contains("CUIDADOS EN CASA: Cuídese en casa\n"),
        "{}",
        ran.stdout
    );
    assert_has_all(
        &ran.stdout,
        &[
            "\nPosibles causas, de la más a la menos probable:\n  1. ",
            "\n  - Fiebre, o sentir calor y escalofríos\n",
            "\nLo que puede hacer ahora:\n",
            "\nSi empieza a notar alguna de estas cosas, ",
        ],
    );
    assert!(!ran.stdout.contains("EMERGENCIA"), "{}", ran.stdout);
}

/// "No sé" on a checklist is "not sure" of each of its items, as `?` is.
#[test]
fn no_se_on_a_checklist_is_not_sure_of_each_item() {
    let dir = tempfile::tempdir().unwrap();
    let save = dir.path().join("respuestas.yaml");
    Test::new()
        .args(&[
            "ask",
            "--lang",
            "es",
            "--save",
            save.to_str().unwrap(),
            "--max-questions",
            "4",
        ])
        .stdin("35\n3\n2 meses\nno sé\n")
        .run();
    let saved = std::fs::read_to_string(&save).unwrap();
    assert!(saved.contains("duration_days: 60\n"), "{saved}");
    assert!(saved.contains(": unknown\n"), "{saved}");
    assert!(!saved.contains(": absent\n"), "{saved}");
}

/// What a program reads does not change with the machine's locale: JSON under a Spanish
/// locale is English; `--lang es` asks for its texts in Spanish, its keys and ids English still.
#[test]
fn json_follows_lang_alone_never_the_locale() {
    let label = |ran: &crate::harness::Ran| -> String {
        let report: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
        assert_eq!(report["urgency"]["level"], "urgent");
        report["urgency"]["label"].as_str().unwrap().to_string()
    };
    let args = ["assess", "--yes", "back_pain,fever", "--format", "json"];
    let by_locale = Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&args)
        .status(0)
        .run();
    assert_eq!(label(&by_locale), "See a doctor within 24 hours");
    let asked = Test::new()
        .args(&[&args[..], &["--lang", "es"]].concat())
        .status(0)
        .run();
    assert_eq!(
        label(&asked),
        "Consulte a un médico en un plazo de 24 horas"
    );
    let batch = Test::new()
        .env("LC_ALL", "es_ES.UTF-8")
        .args(&["assess", "--batch", "-"])
        .stdin("{\"findings\": {\"back_pain\": \"present\"}}\n")
        .run();
    assert!(
        batch.stdout.contains("\"label\":\"Manage at home\""),
        "{}",
        batch.stdout
    );
}

/// The summary for a doctor gives numbers with their units in the reader's language.
#[test]
fn the_summary_gives_ages_and_durations_in_spanish_words() {
    let summary = |lang: &str| {
        Test::new()
            .args(&[
                "assess",
                "--lang",
                lang,
                "--yes",
                "back_pain",
                "--age",
                "62",
                "--duration-days",
                "21",
                "--format",
                "summary",
            ])
            .status(0)
            .run()
            .stdout
    };
    let spanish = summary("es");
    assert_has_all(&spanish, &["**62 años**\n", "**21 días**\n"]);
    let english = summary("en");
    assert_has_all(&english, &["**62 years**\n", "**21 days**\n"]);
}

/// What `--save` refuses is said in the person's language too.
#[test]
fn a_save_file_that_holds_answers_is_refused_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("respuestas.yaml");
    std::fs::write(&path, "findings:\n  back_pain: present\n").unwrap();
    Test::new()
        .args(&["ask", "--lang", "es", "--save", path.to_str().unwrap()])
        .stdin("")
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: `{}` ya contiene respuestas; `--resume` sigue desde ellas, `--force` \
             empieza de nuevo y las sustituye\n",
            path.display()
        ))
        .run();
    Test::new()
        .args(&[
            "ask",
            "--lang",
            "es",
            "--save",
            dir.path().to_str().unwrap(),
        ])
        .stdin("")
        .status(1)
        .stdout("")
        .stderr(&format!(
            "error: `{}` es una carpeta; `--save` solo escribe en un archivo normal (indique \
             la ruta de uno, o de uno nuevo)\n",
            dir.path().display()
        ))
        .run();
}

/// `assess` with no answer refuses in the person's language.
#[test]
fn assessing_nothing_is_refused_in_spanish() {
    let refusal = "error: no se ha dado ninguna respuesta, así que no hay nada que evaluar, y el \
        resultado parecería indicar que todo está bien; indique las respuestas con --yes, --no, \
        --unknown, --age ... o --answers, o añada --allow-empty si es lo que quiere\n";
    for test in [
        Test::new().args(&["assess", "--lang", "es"]),
        Test::new().env("LANG", "es_ES.UTF-8").args(&["assess"]),
        Test::new()
            .env("LANG", "en_GB.UTF-8")
            .env("LANGUAGE", "es")
            .args(&["assess", "--format", "summary"]),
    ] {
        test.status(1).stdout("").stderr(refusal).run();
    }
}

/// An answers file with a problem of each kind: an impossible age, a mistyped finding and key,
/// a value that is not an answer.
const BAD_ANSWERS: &str = "age: 150\nfindings:\n  back_pian: present\n  fever: maybe\nsexo: f\n";

/// What is wrong with it, in Spanish: the ids, the file, its lines and columns as they are.
const BAD_ANSWERS_ES: &str = "\
error: una edad de 150 es imposible: `age` debe estar entre 0 y 120 años
 --> respuestas.yaml:1:6
  |
1 | age: 150
  |      ^^^

error: hallazgo desconocido `back_pian`
 --> respuestas.yaml:3:3
  |
3 |   back_pian: present
  |   ^^^^^^^^^
  = ayuda: ¿quiso decir uno de `back_pain`, `neck_pain`?

error: la respuesta a `fever` debe ser present, absent o unknown, no `maybe`
 --> respuestas.yaml:4:10
  |
4 |   fever: maybe
  |          ^^^^^

error: clave desconocida `sexo` en las respuestas
 --> respuestas.yaml:5:1
  |
5 | sexo: f
  | ^^^^
  = ayuda: ¿quiso decir `sex`?

error: 4 problemas en las respuestas
";

/// `assess --lang es --answers respuestas.yaml` and a Spanish `ask --resume` of the same file,
/// in `dir`: each refuses it (status 1, nothing on standard output) with `stderr`.
fn both_refuse_the_answers_in_spanish(dir: &std::path::Path, stderr: &str) {
    for test in [
        Test::new().args(&["assess", "--lang", "es", "--answers", "respuestas.yaml"]),
        Test::new()
            .env("LANG", "es_ES.UTF-8")
            .args(&["ask", "--resume", "--save", "respuestas.yaml"])
            .stdin("35\n"),
    ] {
        test.current_dir(dir)
            .status(1)
            .stdout("")
            .stderr(stderr)
            .run();
    }
}

/// `assess --answers FILE` and `ask --resume --save FILE` say what is wrong with the file in
/// the person's language.
#[test]
fn an_answers_files_problems_are_said_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("respuestas.yaml"), BAD_ANSWERS).unwrap();
    both_refuse_the_answers_in_spanish(dir.path(), BAD_ANSWERS_ES);
    // The clinician's `explain` reads the same file in English, whatever the locale.
    let ran = Test::new()
        .env("LANG", "es_ES.UTF-8")
        .current_dir(dir.path())
        .args(&["explain", "--answers", "respuestas.yaml"])
        .status(1)
        .stdout("")
        .run();
    assert!(
        ran.stderr
            .starts_with("error: age 150 is impossible: `age` must be from 0 to 120 years\n")
            && ran.stderr.ends_with("error: 4 problems in the answers\n"),
        "{}",
        ran.stderr
    );
}

/// A file that is not YAML, one that is empty and one that cannot be read.
#[test]
fn a_broken_an_empty_and_an_unreadable_answers_file_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("rota.yaml"),
        "findings:\n  back_pain: present\n\tfever: absent\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("vacia.yaml"), "\n").unwrap();
    std::fs::create_dir(dir.path().join("carpeta")).unwrap();
    let assess = |file: &str, stderr: &str| {
        Test::new()
            .current_dir(dir.path())
            .args(&["assess", "--lang", "es", "--answers", file])
            .status(1)
            .stdout("")
            .stderr(stderr)
            .run();
    };
    // What the YAML reader found, in Spanish too, after the lead (more in
    // `what_the_yaml_reader_finds_wrong_is_said_in_spanish`).
    assess(
        "rota.yaml",
        "\
error: el archivo no es YAML válido: un tabulador en la sangría: en YAML se sangra solo con \
espacios
 --> rota.yaml:3:1
  |
3 |  fever: absent
  | ^
  = ayuda: sustituya el tabulador por espacios, tantos como usan las líneas de alrededor

error: 1 problema en las respuestas
",
    );
    assess(
        "vacia.yaml",
        "error: el archivo de respuestas `vacia.yaml` está vacío; indique las respuestas (`{}` \
         con --allow-empty evalúa sin ningún dato)\n",
    );
    assess(
        "no-existe.yaml",
        "error: no se puede leer `no-existe.yaml`: no existe ese archivo o carpeta\n",
    );
    assess(
        "carpeta",
        "error: no se puede leer `carpeta`: es una carpeta, no un archivo\n",
    );
    // Not text triage reads, or far too large.
    std::fs::write(dir.path().join("utf16.yaml"), b"\xff\xfef\0i\0").unwrap();
    std::fs::write(dir.path().join("latin1.yaml"), b"age: 40\n# a\xf1o\n").unwrap();
    let huge = std::fs::File::create(dir.path().join("enorme.yaml")).unwrap();
    huge.set_len(16 * 1024 * 1024 + 1).unwrap();
    assess(
        "utf16.yaml",
        "error: `utf16.yaml` es texto UTF-16, no UTF-8; guárdelo como UTF-8 (por ejemplo con \
         `iconv -f UTF-16 -t UTF-8`)\n",
    );
    assess(
        "latin1.yaml",
        "error: `latin1.yaml` es un texto UTF-8 no válido (hay un byte erróneo en la posición \
         11)\n",
    );
    assess(
        "enorme.yaml",
        "error: `enorme.yaml` es demasiado grande: los archivos de reglas o de respuestas tienen \
         como máximo 16 MB\n",
    );
}

/// What the YAML reader finds wrong in an answers file is said in Spanish: our own words (a tab
/// in the indentation, a key indented unlike its neighbours) through the `yaml-*` messages, and
/// where there is only the reader's own English message, a general sentence at its line and
/// column. The same for `--answers FILE`, `--answers -` and `ask --resume --save FILE`; the
/// clinician's `explain` says it in English, as before.
#[test]
fn what_the_yaml_reader_finds_wrong_is_said_in_spanish() {
    let cases = [
        (
            "findings:\n  back_pain: present\n\tfever: absent\n",
            "\
error: el archivo no es YAML válido: un tabulador en la sangría: en YAML se sangra solo con \
espacios
 --> respuestas.yaml:3:1
  |
3 |  fever: absent
  | ^
  = ayuda: sustituya el tabulador por espacios, tantos como usan las líneas de alrededor

error: 1 problema en las respuestas
",
            "error: a tab in the indentation: YAML indents with spaces only\n",
        ),
        (
            "findings:\n  back_pain: present\n   fever: absent\n",
            "\
error: el archivo no es YAML válido: `fever:` tiene una sangría de 3 espacios; las otras claves \
de este bloque usan 2
 --> respuestas.yaml:3:4
  |
3 |    fever: absent
  |    ^^^^^^
  = ayuda: la línea 2, encima, tiene un valor propio, así que no se puede anidar nada bajo \
ella; dé a `fever:` una sangría de 2 espacios, como las otras claves de este bloque

error: 1 problema en las respuestas
",
            "error: `fever:` is indented 3 spaces; the other keys of this block use 2\n",
        ),
        (
            "findings:\n  back_pain: present\n  fever: @absent\n",
            "\
error: el archivo no es YAML válido: el lector de YAML no entiende el archivo en este punto; \
compruebe la sangría, los `:` y las comillas de esta línea y de las de encima
 --> respuestas.yaml:3:10
  |
3 |   fever: @absent
  |          ^

error: 1 problema en las respuestas
",
            "error: unexpected character: `@'\n",
        ),
    ];
    for (text, spanish, english) in cases {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("respuestas.yaml"), text).unwrap();
        both_refuse_the_answers_in_spanish(dir.path(), spanish);
        // From standard input, the file is `<stdin>`.
        Test::new()
            .args(&["assess", "--lang", "es", "--answers", "-"])
            .stdin(text)
            .status(1)
            .stdout("")
            .stderr(&spanish.replace("respuestas.yaml", "<stdin>"))
            .run();
        // English, and the clinician's `explain` in any locale, say it as they always have.
        for test in [
            Test::new().args(&["assess", "--answers", "respuestas.yaml"]),
            Test::new().env("LANG", "es_ES.UTF-8").args(&[
                "explain",
                "--answers",
                "respuestas.yaml",
            ]),
        ] {
            let ran = test.current_dir(dir.path()).status(1).stdout("").run();
            assert!(ran.stderr.starts_with(english), "{}", ran.stderr);
            assert!(!ran.stderr.contains("ayuda"), "{}", ran.stderr);
        }
    }
}

/// The answer flags' problems too.
#[test]
fn the_answer_flags_problems_are_said_in_spanish() {
    for (args, stderr) in [
        (
            &["--yes", "back_pian"][..],
            "error: hallazgo desconocido `back_pian`; ¿quiso decir uno de `back_pain`, \
             `neck_pain`? (en --yes)\n",
        ),
        (
            &["--no", "cauda_equina"][..],
            "error: hallazgo desconocido `cauda_equina`; `triage list findings` los muestra \
             todos (en --no)\n",
        ),
        (
            &["--age", "150"][..],
            "error: una edad de 150 es imposible: `age` debe estar entre 0 y 120 años\n",
        ),
        (
            &["--duration-days", "99999"][..],
            "error: 99999 es imposible: `duration_days` debe estar entre 0 y 36500 días\n",
        ),
        (
            &["--sex", "x"][..],
            "error: `sex` debe ser uno de female, male, no `x`\n",
        ),
        (
            &["--yes", "fever", "--no", "fever"][..],
            "error: `fever` aparece a la vez en --yes y en --no; respóndalo una sola vez\n",
        ),
        (
            &["--yes", "age"][..],
            "error: `age` es un número; indíquelo como `--age N` o en un archivo de respuestas \
             (en --yes)\n",
        ),
    ] {
        Test::new()
            .args(&[&["assess", "--lang", "es"][..], args].concat())
            .status(1)
            .stdout("")
            .stderr(stderr)
            .run();
    }
}

/// The command line's usage errors for `ask` and `assess` in Spanish, laid out as clap lays out
/// its English ones; the flags and the synopsis as they are.
#[test]
fn usage_errors_for_ask_and_assess_are_said_in_spanish() {
    for (args, stderr) in [
        (
            &["assess", "--lang", "es", "--formt", "json"][..],
            "\
error: no se esperaba el argumento '--formt'

  sugerencia: existe un argumento parecido: '--format'

Uso: triage assess --lang <CODE> --format <FORMAT>

Para más información, pruebe '--help'.
",
        ),
        (
            &["ask", "--bogus"][..],
            "\
error: no se esperaba el argumento '--bogus'

Uso: triage ask [OPTIONS]

Para más información, pruebe '--help'.
",
        ),
        (
            &["ask", "--lang"][..],
            "error: falta el valor de '--lang <CODE>'\n\nPara más información, pruebe '--help'.\n",
        ),
        (
            &["assess", "--age", "1.5"][..],
            "\
error: valor no válido '1.5' para '--age <N>': indique un número entero (sin decimales)

Para más información, pruebe '--help'.
",
        ),
        (
            // A character a terminal would act on is repeated escaped.
            &["ask", "--b\u{1b}[31mogus"][..],
            "\
error: no se esperaba el argumento '--b\\u001b[31mogus'

Uso: triage ask [OPTIONS]

Para más información, pruebe '--help'.
",
        ),
        (
            &["ask", "--max-questions", "x"][..],
            "\
error: valor no válido 'x' para '--max-questions <N>': indique un número entero, como 42

Para más información, pruebe '--help'.
",
        ),
        (
            &["assess", "--format", "xml"][..],
            "\
error: valor no válido 'xml' para '--format <FORMAT>'
  [valores posibles: text, json, summary, fhir]

Para más información, pruebe '--help'.
",
        ),
        (
            &["ask", "--resume"][..],
            "\
error: faltan estos argumentos obligatorios:
  --save <FILE>

Uso: triage ask --save <FILE> --resume

Para más información, pruebe '--help'.
",
        ),
    ] {
        Test::new()
            .env("LANG", "es_ES.UTF-8")
            .args(args)
            .status(2)
            .stdout("")
            .stderr(stderr)
            .run();
    }
    // English is clap's own, and so are the clinicians' commands in any locale.
    Test::new()
        .args(&["ask", "--bogus"])
        .status(2)
        .stderr(
            "error: unexpected argument '--bogus' found\n\nUsage: triage ask [OPTIONS]\n\n\
             For more information, try '--help'.\n",
        )
        .run();
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&["check", "--bogus"])
        .status(2)
        .stderr(
            "error: unexpected argument '--bogus' found\n\nUsage: triage check [OPTIONS]\n\n\
             For more information, try '--help'.\n",
        )
        .run();
}

/// `ask -h` in Spanish: the about, the headings, every flag's help, the default and the
/// possible values, laid out (and wrapped) as clap lays out its English; the flags, their value
/// names and the synopsis as they are.
const ASK_H: &str = "\
Hace las preguntas una a una y luego muestra el resultado (la orden por defecto en una terminal)

Uso: triage ask [OPTIONS]

Opciones:
      --format <FORMAT>    Formato del informe final (las preguntas van siempre a la salida de
                           errores) [por defecto: text] [valores posibles: text, json, summary,
                           fhir]
      --details            En el informe de texto, muestra los ids de las reglas, las puntuaciones y
                           las fuentes de cada afirmación
      --max-questions <N>  Hace como máximo este número de preguntas
      --show-ids           Empieza cada pregunta con el id de lo que pregunta, como `[fever]`
      --save <FILE>        Guarda las respuestas en este archivo a medida que se dan (para volver a
                           evaluarlas con `assess --answers FILE`)
      --resume             Continúa desde las respuestas que ya están en el archivo de --save
      --force              Sustituye las respuestas que ya están en el archivo de --save
      --lang <CODE>        El idioma de las preguntas y del informe: un código como `es` (por
                           defecto: el que indican LC_ALL, LC_MESSAGES o LANG, o el que lista
                           LANGUAGE, si triage lo tiene; si no, inglés)
  -h, --help               Muestra la ayuda (vea más con '--help')

Opciones globales:
      --rules <DIR>   Usa la base de conocimiento de esta carpeta [por defecto: $TRIAGE_RULES; si
                      no, el rules/knowledge_base.yaml más cercano de aquí hacia arriba; si no, la
                      integrada]
      --color <WHEN>  Cuándo usar colores en la salida [por defecto: auto] [valores posibles: auto,
                      always, never]
";

/// `assess --help` in Spanish: the long help, with each value's help under "Valores posibles".
const ASSESS_HELP: &str = "\
Evalúa un conjunto de respuestas dadas como opciones o en un archivo, sin hacer preguntas

Uso: triage assess [OPTIONS]

Opciones:
      --yes <ID[,ID...]>
          Hallazgos presentes (ids separados por comas; se puede repetir)

      --no <ID[,ID...]>
          Hallazgos ausentes (ids separados por comas; se puede repetir)

      --unknown <ID[,ID...]>
          Hallazgos que la persona no sabe (ids separados por comas; se puede repetir)

      --age <N>
          Edad en años cumplidos

      --sex <female|male>
          Sexo: female (mujer) o male (hombre) (también `f` para female y `m` para male)

      --duration-days <N>
          Cuánto tiempo llevan los síntomas, en días completos

      --answers <FILE|->
          Lee las respuestas de un archivo YAML o JSON, o de la entrada estándar con `-`

      --batch <FILE|->
          Evalúa muchos casos: un objeto de respuestas (JSON) por línea de FILE, o de la entrada
          estándar con `-`; escribe un resultado JSON por línea, en el orden de entrada (el informe
          JSON con su `line`, o `{\"line\": N, \"error\": \"...\"}`), con todos los núcleos

      --format <FORMAT>
          Formato de salida [por defecto: text; con --batch, siempre JSON Lines]

          Valores posibles:
          - text:    Para la persona: qué hacer, por qué, las posibles causas, lo que no se
            respondió
          - json:    Un objeto JSON, para programas
          - summary: Texto sencillo (Markdown) para imprimir o enseñar a un médico: las respuestas,
            la urgencia y sus motivos, las causas consideradas
          - fhir:    Un Bundle FHIR R4: las respuestas como QuestionnaireResponse y el resultado
            como RiskAssessment, para sistemas sanitarios

      --details
          En el informe de texto, muestra los ids de las reglas, las puntuaciones y las fuentes de
          cada afirmación

      --allow-empty
          Evalúa aunque no se dé ninguna respuesta (\"no lo sé\" es una respuesta; si no, es un error:
          suele ser un fallo de un script); con --batch, esas líneas (también las vacías) se evalúan

      --lang <CODE>
          El idioma de las preguntas y del informe: un código como `es` (por defecto: el que indican
          LC_ALL, LC_MESSAGES o LANG, o el que lista LANGUAGE, si triage lo tiene; si no, inglés)

  -h, --help
          Muestra la ayuda (vea un resumen con '-h')

Opciones globales:
      --rules <DIR>
          Usa la base de conocimiento de esta carpeta [por defecto: $TRIAGE_RULES; si no, el
          rules/knowledge_base.yaml más cercano de aquí hacia arriba; si no, la integrada]

      --color <WHEN>
          Cuándo usar colores en la salida
          
          [por defecto: auto]
          [valores posibles: auto, always, never]
";

/// `ask --help` and `assess --help` (and `-h`) are said in Spanish when the language is:
/// `--lang es` on the same command line, or the locale (LANGUAGE as gettext reads it).
#[test]
fn help_for_ask_and_assess_is_said_in_spanish() {
    Test::new()
        .args(&["ask", "--lang", "es", "-h"])
        .stdout(ASK_H)
        .stderr("")
        .run();
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&["assess", "--help"])
        .stdout(ASSESS_HELP)
        .stderr("")
        .run();
    // Wherever the flag is, and whatever the report's format: help is read by a person.
    Test::new()
        .env("LANG", "en_GB.UTF-8")
        .env("LANGUAGE", "es:en")
        .args(&["--color", "never", "assess", "--help", "--format", "json"])
        .stdout(ASSESS_HELP)
        .run();
    // clap's `help` command shows a command's `--help`.
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&["--color=never", "help", "assess"])
        .stdout(ASSESS_HELP)
        .run();
    let ran = Test::new()
        .args(&["--rules", "r", "ask", "--help", "--lang=es"])
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "Uso: triage ask [OPTIONS]\n\nOpciones:\n      --format <FORMAT>\n",
            "          Valores posibles:\n          - text:    Para la persona:",
            "          [por defecto: text]\n",
            "  -h, --help\n          Muestra la ayuda (vea un resumen con '-h')\n",
        ],
    );
    let ran = Test::new()
        .env("LANG", "es_MX.UTF-8")
        .args(&["assess", "-h"])
        .run();
    assert_has_all(
        &ran.stdout,
        &[
            "Uso: triage assess [OPTIONS]\n\nOpciones:\n",
            "      --format <FORMAT>       Formato de salida [por defecto: text; con --batch, siempre \
             JSON Lines]\n                              [valores posibles: text, json, summary, fhir]\n",
            "\nOpciones globales:\n",
        ],
    );
}

/// Help stays English where the person asked for no Spanish (`--lang en`, the C locale), and so
/// do `triage --help` and the clinicians' commands' in any locale.
#[test]
fn help_stays_english_elsewhere() {
    let english = |args: &[&str], env: &[(&str, &str)], starts: &str| {
        let mut test = Test::new().args(args);
        for (key, value) in env {
            test = test.env(key, value);
        }
        let ran = test.run();
        assert!(ran.stdout.starts_with(starts), "{args:?}\n{}", ran.stdout);
        assert!(!ran.stdout.contains("Opciones"), "{args:?}\n{}", ran.stdout);
    };
    let es = [("LANG", "es_ES.UTF-8")];
    let ask = "Ask questions one at a time and then show the result (the default on a terminal)\n\n\
               Usage: triage ask [OPTIONS]\n\nOptions:\n";
    english(&["ask", "--help"], &[], ask);
    english(&["ask", "-h", "--lang", "en"], &es, ask);
    english(&["ask", "-h"], &[("LC_ALL", "C"), ("LANGUAGE", "es")], ask);
    english(&["--help"], &es, "Triage for tingling");
    english(&["check", "--help"], &es, "Load and validate");
    english(&["help", "assess"], &[], "Assess one set of answers");
    english(&["help"], &es, "Triage for tingling");
    english(&["help", "check"], &es, "Load and validate");
}

/// Standard input that cannot be read, or is not text, or is too large: said in Spanish for
/// `assess --answers -`, the interview and `assess --batch -` (with `--lang es`).
#[test]
fn standard_input_that_cannot_be_read_is_said_in_spanish() {
    let run = |args: &[&str], stdin: std::fs::File| {
        let output = std::process::Command::new(crate::harness::binary())
            .args(["--rules", mini().to_str().unwrap()])
            .args(args)
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("LANG", "es_ES.UTF-8")
            .stdin(stdin)
            .output()
            .unwrap();
        assert_eq!(output.status.code(), Some(1), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
        String::from_utf8(output.stderr).unwrap()
    };
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad");
    std::fs::write(&bad, b"findings: {fever: \x80}\n").unwrap();
    let file = |path: &std::path::Path| std::fs::File::open(path).unwrap();
    assert_eq!(
        run(&["assess", "--answers", "-"], file(&bad)),
        "error: las respuestas de la entrada estándar son un texto UTF-8 no válido (hay un byte \
         erróneo en la posición 18)\n"
    );
    std::fs::write(&bad, b"\xff\xfef\0i\0").unwrap();
    assert_eq!(
        run(&["assess", "--answers", "-"], file(&bad)),
        "error: las respuestas de la entrada estándar son texto UTF-16, no UTF-8; guárdelo como \
         UTF-8 (por ejemplo con `iconv -f UTF-16 -t UTF-8`)\n"
    );
    // A folder as standard input: reading it fails.
    let folder = std::path::Path::new("/");
    assert_eq!(
        run(&["assess", "--answers", "-"], file(folder)),
        "error: no se pueden leer las respuestas de la entrada estándar: es una carpeta, no un \
         archivo\n"
    );
    assert_eq!(
        run(&["assess", "--lang", "es", "--batch", "-"], file(folder)),
        "error: no se puede leer la entrada estándar: es una carpeta, no un archivo\n"
    );
    let ask = run(&["ask"], file(folder));
    assert!(
        ask.ends_with(
            "error: no se pueden leer las respuestas de la entrada estándar: es una carpeta, no \
             un archivo\n"
        ),
        "{ask}"
    );
    let big = "#".repeat(17 * 1024 * 1024);
    Test::new()
        .rules(&mini())
        .args(&["assess", "--lang", "es", "--answers", "-"])
        .stdin(&big)
        .status(1)
        .stdout("")
        .stderr(
            "error: la entrada estándar es demasiado grande: los archivos de reglas o de \
             respuestas tienen como máximo 16 MB\n",
        )
        .run();
}

/// A FHIR QuestionnaireResponse given to `assess --answers`: what does not fit the knowledge
/// base, said in Spanish with the same structure as in English (FHIR's names as they are).
#[test]
fn a_questionnaire_response_that_does_not_fit_is_said_in_spanish() {
    let response = r#"{"resourceType": "QuestionnaireResponse", "status": "completed", "item": [
        {"linkId": "fevr", "answer": [{"valueBoolean": true}]},
        {"linkId": "age", "answer": [{"valueInteger": 200}]},
        {"linkId": "age_group", "item": [{"linkId": "age", "answer": [{"valueString": "x"}]}]},
        {"linkId": "back_pain", "answer": [{"valueString": "yes"}]},
        {"linkId": "sex", "answer": [{"valueString": "x"}]},
        {"linkId": "saddle_numbness", "answer": [{"valueBoolean": true}, {"valueBoolean": false}]},
        {"linkId": "fever", "answer": [{"valueBoolean": true}]},
        {"linkId": "fever", "answer": [{"valueBoolean": false}]}
    ]}"#;
    let english = "\
error: the QuestionnaireResponse does not fit the knowledge base:
  item `fevr` is not a finding of the knowledge base (did you mean `fever`?)
  item `age`: 200 is outside the range 0 to 120 years
  item `age`: a number question takes valueInteger or valueDecimal; not {\"valueString\":\"x\"}
  item `back_pain`: a yes/no question takes the coding Y or N of http://terminology.hl7.org/CodeSystem/v2-0136, asked-unknown of http://terminology.hl7.org/CodeSystem/data-absent-reason, or a valueBoolean; not {\"valueString\":\"yes\"}
  item `sex`: the answer is one of female, male; not {\"valueString\":\"x\"}
  item `saddle_numbness` has 2 answers; give one
  item `fever` is answered twice
";
    let spanish = "\
error: el QuestionnaireResponse no se ajusta a la base de conocimiento:
  el elemento `fevr` no es un hallazgo de la base de conocimiento (¿quiso decir `fever`?)
  elemento `age`: 200 está fuera del intervalo de 0 a 120 años
  elemento `age`: una pregunta sobre un número lleva valueInteger o valueDecimal; no {\"valueString\":\"x\"}
  elemento `back_pain`: una pregunta de sí o no lleva la codificación Y o N de http://terminology.hl7.org/CodeSystem/v2-0136, asked-unknown de http://terminology.hl7.org/CodeSystem/data-absent-reason, o un valueBoolean; no {\"valueString\":\"yes\"}
  elemento `sex`: la respuesta es una de female, male; no {\"valueString\":\"x\"}
  el elemento `saddle_numbness` tiene 2 respuestas; indique una sola
  el elemento `fever` se responde dos veces
";
    for (lang, stderr) in [("en", english), ("es", spanish)] {
        Test::new()
            .rules(&mini())
            .args(&["assess", "--lang", lang, "--answers", "-"])
            .stdin(response)
            .status(1)
            .stdout("")
            .stderr(stderr)
            .run();
    }
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&["assess", "--answers", "-"])
        .stdin("{\"resourceType\": \"Patient\"}")
        .status(1)
        .stdout("")
        .stderr(
            "error: `<stdin>` es un Patient de FHIR, no unas respuestas; indique un \
             QuestionnaireResponse del Questionnaire de `triage questionnaire --format fhir`, o un \
             archivo de respuestas\n",
        )
        .run();
}

/// Standard output closed before anything runs (the report would be lost), or that cannot be
/// written (a full disk): said in the person's language; English for `assess --format json`.
#[cfg(target_os = "linux")]
#[test]
fn standard_output_closed_or_full_is_said_in_spanish() {
    let redirected = |args: &str, redirect: &str| {
        let output = std::process::Command::new("sh")
            .args(["-c", &format!("\"$0\" --rules \"$1\" {args} {redirect}")])
            .arg(crate::harness::binary())
            .arg(mini())
            .env_remove("TRIAGE_RULES")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANGUAGE")
            .env("LANG", "es_ES.UTF-8")
            .stdin(std::process::Stdio::null())
            .output()
            .unwrap();
        (
            output.status.code().unwrap_or(-1),
            String::from_utf8(output.stderr).unwrap(),
        )
    };
    let closed = "error: la salida estándar está cerrada (`>&-`) o no está abierta para escritura, \
                  así que el informe se perdería; no se ha hecho nada (una salida estándar cerrada \
                  llega a `triage` como /dev/null abierto para lectura y escritura: para descartar \
                  el informe, abra /dev/null solo para escritura, como hace `> /dev/null`)\n";
    for args in ["assess --yes back_pain", "ask"] {
        assert_eq!(redirected(args, ">&-"), (1, closed.to_string()), "{args}");
    }
    assert_eq!(
        redirected("assess --yes back_pain", ">/dev/full"),
        (
            1,
            "error: no se puede escribir la salida: el disco está lleno\n".to_string()
        )
    );
    assert_eq!(
        redirected("assess --yes back_pain --format json", ">/dev/full"),
        (
            1,
            "error: cannot write the output: the disk is full\n".to_string()
        )
    );
}

/// `triage` alone with no terminal to ask at, and `assess --batch` given another format than
/// JSON with `--lang es`: said in Spanish.
#[test]
fn no_command_and_a_batch_format_are_said_in_spanish() {
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .status(2)
        .stdout("")
        .stderr(
            "error: no se indicó ninguna orden; pruebe `triage ask`, `triage assess --help` o \
             `triage --help` para ver la lista\n",
        )
        .run();
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&[
            "assess", "--lang", "es", "--batch", "-", "--format", "summary",
        ])
        .status(2)
        .stdout("")
        .stderr(
            "error: --batch escribe un informe JSON por línea; no tiene `--format summary` \
             (quite --format, o indique --format json)\n",
        )
        .run();
    // Without `--lang`, a batch is for programs: English.
    Test::new()
        .env("LANG", "es_ES.UTF-8")
        .args(&["assess", "--batch", "-", "--format", "text"])
        .status(2)
        .stderr(
            "error: --batch prints one JSON report per line; it has no `--format text` (leave \
             out --format, or give --format json)\n",
        )
        .run();
}

/// A knowledge base that does not load, met by a person (a broken rules/ folder nearby): its
/// problems are said in English, for whoever keeps the rules, with the labels and the line that
/// sums them up in the person's language.
#[test]
fn a_knowledge_base_that_does_not_load_is_summed_up_in_spanish() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("rules")).unwrap();
    std::fs::write(
        dir.path().join("rules/knowledge_base.yaml"),
        "metadata: [\n",
    )
    .unwrap();
    let expected = "\
error: expected `key: value` here
 --> rules/knowledge_base.yaml:1:11
  |
1 | metadata: [
  |           ^
  = ayuda: a key may be missing its `:`

error: no se pudo cargar la base de conocimiento: 1 error (los detalles de arriba están en \
inglés, para quien mantiene las reglas)
ayuda: quien mantiene `rules` puede ver todos los problemas con `triage check`; para usar \
mientras tanto la base de conocimiento incorporada, ejecute triage desde otra carpeta
";
    for test in [
        Test::new().args(&[
            "assess",
            "--lang",
            "es",
            "--yes",
            "back_pain",
            "--age",
            "40",
        ]),
        Test::new()
            .env("LANG", "es_ES.UTF-8")
            .args(&["ask"])
            .stdin(""),
    ] {
        test.current_dir(dir.path())
            .status(1)
            .stdout("")
            .stderr(expected)
            .run();
    }
}
