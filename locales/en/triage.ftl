# The program's own words for a person, in English: the interview (`triage ask`) and the report
# (`ask` and `assess`, text and summary). The knowledge base's texts (questions, causes,
# advice) are not here: they are in rules/. Every message here must exist in every other
# language, with the same variables (src/i18n/tests.rs checks it). docs/languages.md says how
# to add a language.

## The interview's opening

# $name: the knowledge base's name.
welcome = { $name }: questions about tingling, numbness or pain in the back
welcome-how = Answer y (yes), n (no) or ? (not sure). Type why to see why a question is asked, b to go back, help for more, q to stop.
help =
    Answer each question with:
      y or yes       yes
      n or no        no
      ? or unsure    you don't know (or would rather not say)
      a number       for questions about a number, such as your age
      a name or number from the list, for questions with options
      numbers        for a list, the ones that apply, like 1,3 (n for none of
                     them; add ? if unsure of the rest, like 1,?)
    Commands:
      why            why this question is asked
      b or back      go back and change your last answer
      help           this help
      q or quit      stop now and see the result so far

## What a person may type, comma-separated, matched ignoring case. English's words are
## accepted in every language as well.

words-yes = y, yes, yeah, yep
words-no = n, no, nope
# "None of these" on a checklist.
words-none = n, no, none, nope, 0
words-unsure = ?, unsure, not sure, don't know, dont know, idk, unknown, skip, u
words-back = b, back
words-why = why, why?
words-help = help, h
words-quit = q, quit, exit
# Units of a duration ("3 weeks", "2w"); a bare number is in days.
units-hours = h, hr, hrs, hour, hours
units-days = d, day, days
units-weeks = w, wk, wks, week, weeks
units-months = m, mo, mos, month, months
units-years = y, yr, yrs, year, years

## Questions

question-complaint = What is bothering you? Give one or more numbers, like 1,3 (or ? to skip):
# After a checklist's own question (from the knowledge base).
question-checklist = Give the numbers of any that apply (like 1,3), n for none, or ? if not sure:
question-escalation = Right now, or since this started, have you had any of these?
escalation-first = One more question, to know whether you need an ambulance:
escalation-last = And one last question, as you were not sure of two of those signs:
hint-days = (like 10 days, 3 weeks, 6 months, 1 year; ? to skip)
# $unit: the number's unit from the knowledge base (years), or nothing.
hint-range = ({ $min } to { $max }{ $unit ->
        [none] {""}
       *[other] {" "}{ $unit }
    }; ? to skip)
# $options: "1 female, 2 male".
hint-choice = ({ $options }; ? to skip)
hint-yes-no = [y/n/?]

## Answers not understood

retry-checklist = Please give the numbers of any that apply (1 to { $count }) separated by commas, n for none, or ? if you are not sure.
retry-complaint = Please give numbers from 1 to { $count } separated by commas, or ? to skip.
retry-complaint-empty = Please give numbers from 1 to { $count }, or ? to skip.
retry-days = Please give how long, like 10, 3 weeks, 2w, 6 months or 1 year (up to { $max } days), or ? if you don't know.
retry-number = Please give a number from { $min } to { $max }{ $unit ->
        [none] {""}
       *[other] {" "}({ $unit })
    }, or ? if you don't know.
# $options: "1 (female), 2 (male)".
retry-choice = Please answer { $options }, or ? to skip.
retry-yes-no = Please answer y, n or ? (or type help).
# $answer: what was typed, made safe to show.
retry-not-understood = Sorry, I didn't understand "{ $answer }". Please answer y, n or ? (or type help).
# $size: "4 KiB".
answer-too-long = an answer is longer than { $size }: this is not an answer; the interview stopped

## Going back

back-none = There is no earlier answer to go back to.
# $answer: what had been answered, as typed: yes, no, ?, 3 weeks, 1,3.
back-going = Going back one question (you had answered { $answer }):
answer-yes = yes
answer-no = no
answer-unsure = not sure

## Why a question is asked

why-escalation = These can be signs that you need an ambulance, rather than going to hospital on your own.
why-complaint = Pick what bothers you most; the next questions depend on it.
why-soon = Your answer tells whether you need to see someone soon, so it is asked early.
why-when = Your answer helps decide when you should see a doctor.
why-causes = Your answer helps tell these possible causes apart:
why-picture = Your answer helps complete the picture of your symptoms.

## How the interview ended (standard error)

# $saved: one of the saved-* messages below, or nothing.
ended-input = The input ended before the interview was over: this result is based on { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    } only{ $saved }.
ended-quit = You stopped early: this result is based on { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    } only{ $saved }.
ended-limit = The question limit was reached: this result is based on { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    } only{ $saved }.
saved-so-far = ; the answers so far are saved in `{ $path }`
saved-not = ; the last answers could NOT be saved in `{ $path }` (see above)
saved-where = The answers so far are saved in `{ $path }`.
saved-again = (The answers are saved again in `{ $path }`.)
warning = warning
save-failed = the answers could not be saved in `{ $path }`: { $reason }
save-failing = { $reason }; the interview goes on, but these answers are not saved
interrupted = interrupted
interrupted-saved = ; your answers are saved in `{ $path }`
interrupted-not-saved = ; your last answers could NOT be saved in `{ $path }`: { $reason }

## The report

notice = This is a triage aid, not a diagnosis: it cannot examine you and may be wrong. If you are worried, or your symptoms change or get worse, contact a doctor, and in an emergency call 999, 911 or 112.
# $source: the rules folder; $name and $version: the knowledge base's.
kb-notice = The rules used here are those in { $source } ({ $name } { $version }), not triage's own built-in rules.
# Shown while the knowledge base's texts in this language are a draft translation.
translation-draft = The questions and advice in this language are a draft translation, not yet reviewed.
# Shown when the knowledge base has no translation in this language.
translation-missing = The questions and advice of these rules are not translated into this language; they are shown in English.
# A number's unit, as the knowledge base names it (`unit: years`), in words.
unit-years = years
unit-days = days
kb-draft = The knowledge base behind this report ({ $name } { $version }) is a draft, not yet approved for clinical use.
# Why an interview's result is not complete.
stopped-quit = you stopped the questions
stopped-input = the answers ran out
stopped-limit = the question limit was reached
stopped-interrupted = the questions were interrupted
# $why: one of the stopped-* messages.
incomplete = This result is not complete: { $why } after { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    }, so it is based on those answers only.
# Each level's heading, before its label: EMERGENCY AMBULANCE: Call an ambulance now. A level
# of another knowledge base without a message here is its id in capitals.
level-emergency_ambulance = EMERGENCY AMBULANCE
level-emergency = EMERGENCY
level-urgent = URGENT
level-routine = ROUTINE
level-self_care = SELF CARE
# $level: the level's heading and label.
unanswered-heading = No urgent sign was reported, but { $count ->
        [one] { $count } warning sign was
       *[other] { $count } warning signs were
    } not answered.
if-none = If you have none of them: { $level }
unanswered-count = { $count ->
        [one] { $count } warning sign was
       *[other] { $count } warning signs were
    } not answered.
# $level: what to do, as the level's label says it, starting with a small letter.
if-you-have = If you have { $count ->
        [one] this
       *[other] any of these
    }, { $level }:
only-together = These matter only together with other warning signs:
why = Why:
# In an emergency, on the interview's screen: Why: and one reason.
why-reason = Why: { $reason }
tell-staff = Tell the staff that you answered yes to:
also = Also:
no-cause = No cause that this tool covers fits these answers well; follow the advice above.
causes = Possible causes, most likely first:
what-now = What you can do now:
if-starts = If { $count ->
        [one] this starts
       *[other] any of these start
    }, { $level }:

## The summary for a doctor (--format summary), in Markdown

summary-title = Symptom summary: tingling, numbness or pain in the back
# $draft: summary-draft, or nothing.
summary-made-by = Made by `triage` with the knowledge base { $name } { $version }{ $draft }, from the person's own answers. It is a triage aid, not a diagnosis.
summary-draft = {" "}(a draft)
summary-not-complete = Not complete: { $why } after { $count ->
        [one] { $count } answer
       *[other] { $count } answers
    }.
summary-urgency = Urgency
summary-answers = Answers
summary-no-answers = No answers were given.
summary-not-asked = Warning signs not asked
summary-causes = Causes considered, most likely first
summary-no-causes = None fitted the answers well.

## Saving the answers (`ask --save FILE`)

# $path: the file; $lock: its lock file.
save-busy = `{ $path }` is being saved by another `triage ask` (it holds `{ $lock }`); finish that interview first, or save to another file
save-holds-answers = `{ $path }` already holds answers; `--resume` continues from them, `--force` starts again and replaces them
# $kind: link, folder or other.
save-not-a-file = `{ $path }` is { $kind ->
        [link] a symbolic link
        [folder] a folder
       *[other] not a regular file
    }; `--save` writes only a regular file (give the path of one, or of a new one)

## A rules folder found by looking upwards that someone else could have written (`ask` and
## `assess` refuse it)

# $at: the file or folder at fault.
distrust-writable = `{ $at }` is writable by every user
# $owner: the user id it belongs to; $me: the user's own.
distrust-owner = `{ $at }` belongs to another user (user id { $owner }, not yours, { $me })
# $dir: the folder; $why: one of the distrust-* messages above; $variable: TRIAGE_RULES.
distrust-refusal = not using the knowledge base found at `{ $dir }`: { $why }, so anyone could have changed the advice it gives. If you trust it, name it: `--rules { $dir }` (or { $variable }={ $dir }); otherwise run triage from another folder to get the built-in knowledge base

## Assessing nothing (`assess` without answers)

nothing-given = no answer was given, so there is nothing to assess, and the result would read as an all-clear; give answers with --yes, --no, --unknown, --age ... or --answers, or pass --allow-empty if this is meant

## What is wrong with the answers given to `assess` (its flags, an --answers file) or read back
## by `ask --resume`. Ids, flags, paths and the answers' own words (present, absent) stay as
## they are, whatever the language.

error = error
# The label of a hint below a located problem: `= help: did you mean ...`.
diagnostic-help = help
diagnostics-more = ... and { $count } more not shown
# $count: how many problems an answers file has.
answers-problems = { $count ->
        [one] { $count } problem
       *[other] { $count } problems
    } in the answers
# $count: how many errors a knowledge base that does not load has (its problems, shown above
# it, stay in English: they are for whoever keeps the rules).
kb-not-loaded = the knowledge base did not load: { $count ->
        [one] { $count } error
       *[other] { $count } errors
    }
# The way on for a person (`ask`, `assess`) whose rules folder did not load, by how it was
# chosen: found by itself, named with --rules, or named by TRIAGE_RULES. $dir: the folder;
# $variable: TRIAGE_RULES.
kb-not-loaded-found = whoever keeps `{ $dir }` can see every problem with `triage check`; to get the built-in knowledge base meanwhile, run triage from another folder
kb-not-loaded-flag = whoever keeps `{ $dir }` can see every problem with `triage check --rules { $dir }`; without --rules, triage uses the nearest rules/ folder or its built-in knowledge base
kb-not-loaded-env = whoever keeps `{ $dir }` can see every problem with `triage check`; unset { $variable } to use the nearest rules/ folder or the built-in knowledge base
# $detail: what the YAML reader found wrong (one of the yaml-* messages below).
answers-yaml = { $detail }
# $name: the file.
answers-empty-file = the answers file `{ $name }` is empty; give the answers (`{"{"}{"}"}` with --allow-empty assesses with nothing known)
answers-empty-stdin = the answers on standard input are empty; give the answers (`{"{"}{"}"}` with --allow-empty assesses with nothing known)
# $kind: one of the node-* messages below.
answers-not-a-mapping = an answers file is a mapping (age, sex, duration_days, findings), not { $kind }
answers-findings-not-a-mapping = `findings` is a mapping of finding ids to answers, not { $kind }
answers-duplicate-key = duplicate key `{ $key }`: a key may appear only once in a mapping
answers-unknown-key = unknown key `{ $key }` in the answers
answers-under-findings = findings go under `findings:`, as `findings: {"{"}{ $key }: present{"}"}`
answers-concept = `{ $id }` is a concept that rules derive; it can't be answered
answers-unknown-finding = unknown finding `{ $id }`
answers-list-findings = `triage list findings` shows them all
answers-twice = `{ $id }` is answered twice; answer it once
# $value: the answer given, quoted (`maybe`), a number, or one of the node-* messages.
answers-not-yes-no = `{ $id }` is answered present, absent or unknown, not { $value }
answers-not-a-number = `{ $id }` is a number, not { $value }
# $options: "female, male".
answers-not-an-option = `{ $id }` is one of { $options }, not { $value }
answers-cannot-answer = `{ $id }` can't be answered
# $words: the finding's id in words (age, duration days); $unit: unit-* or as the rules name it.
answers-impossible = { $words } { $value } is impossible: `{ $id }` must be from { $min } to { $max } { $unit }
answers-choice = `{ $id }` must be one of { $options }, not `{ $value }`
# $flag: the flag without its dashes (age, duration-days).
answers-flag-number = `{ $id }` is a number; give it as `--{ $flag } N` or in an answers file
answers-flag-choice = `{ $id }` is a choice ({ $options }); give it in an answers file
# $kind: what the id names in the knowledge base.
answers-not-a-finding = `{ $id }` is { $kind ->
        [cause] a cause
        [urgency_level] an urgency level
        [rule] a rule
        [source] a source
        [invariant] an invariant
        [screening_question] a screening question
        [hazard] a hazard
        [text] a text
        [safety_net] a safety net
       *[other] a { $kind }
    }, not a finding
# $message: what is wrong; $flag: the flag it was given in (--yes).
answers-in-flag = { $message } (in { $flag })
# $first, $second: the flags without their dashes (yes, no, unknown).
answers-given-twice = `{ $id }` is given both as { $first } and as { $second }; answer it once
answers-no-demographic = this knowledge base has no finding `{ $id }`
did-you-mean = did you mean `{ $id }`?
# $ids: "`back_pain`, `neck_pain`".
did-you-mean-many = did you mean one of { $ids }?
# What a YAML value is.
node-empty = an empty value
node-boolean = a boolean
node-number = a number
node-text = a text
node-list = a list
node-mapping = a mapping

## What the YAML reader finds wrong in a file (an answers file, for a person): said after
## answers-yaml's lead, with the line and column shown below it. The knowledge base's loader says
## these in English. Keys (`{ $key }:`), the file's own text and YAML's signs (`- `, `:`, `---`)
## stay as they are.

# Said instead of the YAML reader's own message, which is English: English shows that message
# itself, and another language this, at the same line and column.
yaml-unreadable = the YAML reader cannot read the file at this point; check the indentation, the `:` and the quotes of this line and of the lines above it
yaml-tab = a tab in the indentation: YAML indents with spaces only
yaml-tab-help = replace the tab with spaces, as many as the lines around it use
yaml-unclosed-bracket = a bracket that is never closed
yaml-unclosed-bracket-help = close it on the same line (`[a, b]`, `{"{"}all: [a, b]{"}"}`), or indent the lines it continues on more than its key
yaml-dash-space = a list item's `-` needs a space after it
# $item: the item as written, without its `-`.
yaml-dash-space-help = write `- { $item }`
yaml-colon-space = `{ $key }:` needs a space after its `:`
yaml-colon-space-help = write `{ $key }: { $value }`
yaml-missing-dash = `{ $key }:` starts a list item without its `- `
yaml-missing-dash-help = write `- { $key }: ...`; the keys of the item below it stay where they are
# What a line is, for yaml-indented and the others: $kind is item, line or key.
yaml-what = { $kind ->
        [item] this list item
        [line] this line
       *[key] `{ $key }:`
    }
# What the line's neighbours are: $kind is items, block or entity; $entity (for entity) one of
# rule, finding, concept, cause, level, invariant, screen, source, scenario.
yaml-others = { $kind ->
        [items] the other items of this list
        [block] the other keys of this block
       *[entity] the other keys of this { $entity }
    }
# $what: yaml-what; $indent: its spaces; $others: yaml-others; $expected: their spaces.
yaml-indented = { $what } is indented { $indent ->
        [one] { $indent } space
       *[other] { $indent } spaces
    }; { $others } use { $expected }
# $like: dash (indented like the `- ` of its list) or keys (like the keys around it).
yaml-indented-like = { $what } is indented { $indent ->
        [one] { $indent } space
       *[other] { $indent } spaces
    }, { $like ->
        [dash] like the `- ` of this list
       *[keys] like the keys around it
    }; { $others } use { $expected }
# $above: the number of the line above.
yaml-nested-under-value-help = line { $above } above has a value of its own, so nothing can be nested under it; indent { $what } by { $expected ->
        [one] { $expected } space
       *[other] { $expected } spaces
    } like { $others }
yaml-indent-help = indent it by { $expected ->
        [one] { $expected } space
       *[other] { $expected } spaces
    }
# $entity: as in yaml-others, or entry.
yaml-entry-without = this { $entity } has no `{ $field }:`
yaml-entry-without-help = add it, or check that its keys are all indented alike
yaml-missing-field = `{ $field }:` is missing here
yaml-missing-field-help = add it, or check that the keys below are indented like the others of this entry
yaml-key-without-colon = a key without its `:`
yaml-key-without-colon-help = write it as `key: value`, with a space after the colon
yaml-list-needed = a list is needed here
yaml-list-needed-help = start each item on a line of its own with `- `, or write the items as `[a, b]`
yaml-unclosed-quote = a quote that is never closed
yaml-unclosed-quote-help = close it with the same quote mark, on the same line
yaml-tab-found = a tab where YAML expects spaces
yaml-tab-found-help = replace the tab with spaces
yaml-colon-here = a `:` that YAML cannot read here
yaml-colon-here-help = check this line's indentation against the lines around it; text that itself holds `: ` must be put in quotes
yaml-mapping-expected = expected `key: value` here
yaml-mapping-expected-help = a key may be missing its `:`
yaml-dash-unexpected = a `- ` list item where YAML does not expect one
yaml-dash-unexpected-help = check the lines above for a bracket or quote left open, and this line's indentation
yaml-does-not-fit = this line does not fit the list or block it is in
yaml-does-not-fit-help = check its indentation and its `- ` against the lines around it
yaml-empty-text = a text is needed here, but the value is empty
yaml-empty-text-help = write the text after the `:`, or leave out a key whose value is optional
yaml-text-needed = a text is needed here, not a list or a mapping
yaml-text-needed-help = a text that starts with `[` or `{"{"}`, or holds `: ` or ` #`, must be put in quotes
yaml-document-start = YAML expects a `---` line here: a line that starts with `%` is a YAML directive, and after a `...` line a new document must start
yaml-document-start-help = put text that starts with `%` in quotes, and remove any `...` line; a file is one document
# $open, $close: the brackets, `[` and `}`.
yaml-wrong-bracket = a bracket closed by the wrong kind: '{ $open }' closed by '{ $close }'
yaml-wrong-bracket-help = close `[` with `]` and `{"{"}` with `{"}"}`
# $kind: whole, number or boolean.
yaml-expected = expected { $kind ->
        [whole] a whole number
        [number] a number
       *[boolean] true or false
    } here
yaml-too-deep = the YAML is nested too deeply (more than 200 levels)
yaml-too-much-text = the YAML holds too much text
yaml-too-many-values = the YAML expands to too many values (an alias bomb, or a far too large file)
yaml-no-yaml = the file holds no YAML, only comments or document markers (`---`)
yaml-many-documents = the file holds more than one YAML document (a `---` line between them); a file is one document
yaml-recursive-alias = an alias (`*name`) refers to a value it is part of; a value can't contain itself
yaml-duplicate-key = duplicate key `{ $key }`: a key may appear only once in a mapping
# $value: the value as written, in backticks (`.nan`).
yaml-not-finite = { $value } is not a finite number

## A file that cannot be read or written. $reason: one of the reason-* messages, or the
## system's own words.

io-read = cannot read `{ $path }`: { $reason }
io-lock = cannot lock `{ $path }`: { $reason }
io-save = cannot save the answers to `{ $path }`: { $reason }
reason-closed = it is closed or not open for writing
reason-not-found = no such file or folder
reason-permission = permission denied
reason-not-a-folder = not a folder
reason-is-a-folder = it is a folder, not a file
reason-disk-full = the disk is full
reason-read-only = the disk is read-only
reason-quota = the disk quota is used up
reason-too-large = the file is too large for the disk

## The command line's usage errors for `ask` and `assess` (an unknown flag, a missing or
## invalid value), laid out as clap lays them out. English is clap's own message, which these
## repeat word for word (a test checks it). $arg: the flag as clap shows it (`--age <N>`).

usage-unknown = unexpected argument '{ $arg }' found
usage-missing-value = a value is required for '{ $arg }' but none was supplied
usage-invalid-value = invalid value '{ $value }' for '{ $arg }'
# $reason: one of the whole-* messages.
usage-not-valid = invalid value '{ $value }' for '{ $arg }': { $reason }
# $values: "text, json, summary, fhir".
usage-possible-values = [possible values: { $values }]
# Followed by the flags, one a line.
usage-required = the following required arguments were not provided:
usage-conflict = the argument '{ $arg }' cannot be used with '{ $other }'
usage-similar = tip: a similar argument exists: '{ $arg }'
# $usage: the command's synopsis, as clap writes it (triage assess [OPTIONS]).
usage-usage = Usage: { $usage }
usage-more = For more information, try '--help'.
whole-too-large = the number is too large
whole-fraction = give a whole number (no fraction)
whole-not-a-number = give a whole number, like 42

## A file that is not text triage reads

# $name: the file; $why: one of the not-text-* messages.
file-not-text = `{ $name }` is { $why }
not-text-utf16 = UTF-16 text, not UTF-8; save it as UTF-8 (for example with `iconv -f UTF-16 -t UTF-8`)
# $offset: where the first bad byte is.
not-text-utf8 = not valid UTF-8 text (bad byte at offset { $offset })
# $size: the largest, in MB.
file-too-large = `{ $name }` is too large: files of rules or answers are at most { $size } MB

## `ask --help` and `assess --help` (and -h): the command's about, each flag's help (cli-<flag>,
## or cli-<command>-<flag> where the commands differ), its values' (cli-<flag>-<value>) and
## clap's own words around them. English is clap's help as it is today, which these repeat word
## for word (a test checks it). Flags, value names and the synopsis stay as clap writes them.

cli-ask = Ask questions one at a time and then show the result (the default on a terminal)
cli-assess = Assess one set of answers given as flags or in a file, without questions
cli-usage = Usage:
cli-options = Options
cli-global-options = Global options
# In `[default: text]`.
cli-default = default
# In `[possible values: text, json]`.
cli-possible-values = possible values
# Above a list of values, each with its help (--help).
cli-possible-values-heading = Possible values
cli-help = Print help
cli-help-more = Print help (see more with '--help')
cli-help-summary = Print help (see a summary with '-h')
cli-rules = Use the knowledge base in this folder [default: $TRIAGE_RULES, else the nearest rules/knowledge_base.yaml from here upwards, else the built-in one]
cli-color = When to colour the output
cli-ask-format = Format of the final report (questions always go to standard error)
cli-assess-format = Output format [default: text; with --batch, JSON Lines always]
cli-format-text = For the person: what to do, why, the possible causes, what was not answered
cli-format-json = One JSON object, for programs
cli-format-summary = Plain text (Markdown) to print or show a doctor: the answers, the urgency and its reasons, the causes considered
cli-format-fhir = One FHIR R4 Bundle: the answers as a QuestionnaireResponse and the result as a RiskAssessment, for health systems
cli-details = In the text report, show the rule ids, scores and sources behind each statement
cli-max-questions = Ask at most this many questions
cli-show-ids = Start each question with the id of what it asks, like `[fever]`
cli-save = Save the answers to this file as they are given (replay with `assess --answers FILE`)
cli-resume = Continue from the answers already in the --save file
cli-force = Replace the answers already in the --save file
cli-lang = The language of the questions and the report: a code such as `es` (default: the one LC_ALL, LC_MESSAGES or LANG names, or LANGUAGE lists, if triage has it, else English)
cli-yes = Findings that are present (comma-separated ids; may repeat)
cli-no = Findings that are absent (comma-separated ids; may repeat)
cli-unknown = Findings the person does not know (comma-separated ids; may repeat)
cli-age = Age in whole years
cli-sex = Sex: female or male (`f` and `m` too, as in the interview)
cli-duration-days = How long the symptoms have lasted, in whole days
cli-answers = Read answers from a YAML or JSON file, or from standard input with `-`
cli-batch = Assess many: one answers object (JSON) per line of FILE, or of standard input with `-`; prints one JSON result per line, in input order (the JSON report with its `line`, or `{"{"}"line": N, "error": "..."{"}"}`), using every core
cli-allow-empty = Assess even when no answer is given ("not sure" is an answer; else an error: it is usually a script's bug); with --batch, such lines (blank ones too) are assessed

## Standard input: the answers of `assess --answers -` and of the interview, and `--batch -`.

# $reason: one of the reason-* messages, or the system's own words.
io-read-stdin = cannot read `standard input`: { $reason }
io-read-answers-stdin = cannot read the answers from `standard input`: { $reason }
# $size: the largest, in MB.
stdin-too-large = `standard input` is too large: files of rules or answers are at most { $size } MB
# $why: one of the not-text-* messages.
stdin-not-text = the answers on standard input are { $why }

## A FHIR QuestionnaireResponse given to `assess --answers`: what does not fit the knowledge
## base. Resource types, element names (linkId, valueCoding, valueBoolean...), codes and code
## systems stay as FHIR names them.

# $name: the file; $kind: its resourceType.
fhir-not-answers = `{ $name }` is a FHIR { $kind }, not answers; give a QuestionnaireResponse for the Questionnaire of `triage questionnaire --format fhir`, or an answers file
# Followed by the problems, one a line.
fhir-problems = the QuestionnaireResponse does not fit the knowledge base:
# $link: the item's linkId; $hint: " (did-you-mean)" or nothing.
fhir-not-a-finding = item `{ $link }` is not a finding of the knowledge base{ $hint }
# $problem: one of fhir-yes-no, fhir-number, fhir-range, fhir-choice, fhir-concept.
fhir-item = item `{ $link }`: { $problem }
# $count: 2 or more.
fhir-answers = item `{ $link }` has { $count } answers; give one
fhir-twice = item `{ $link }` is answered twice
# $yes-no, $absent: the code systems' URLs; $answer: the answer given, as JSON.
fhir-yes-no = a yes/no question takes the coding Y or N of { $yes-no }, asked-unknown of { $absent }, or a valueBoolean; not { $answer }
fhir-number = a number question takes valueInteger or valueDecimal; not { $answer }
# $unit: unit-* or as the rules name it.
fhir-range = { $value } is outside the range { $min } to { $max } { $unit }
# $options: "a, b, c".
fhir-choice = the answer is one of { $options }; not { $answer }
fhir-concept = a concept can't be answered

## A `--lang` that names a language triage does not have, said in the locale's language.

# $code: the code given; $codes: "en, es".
lang-unknown = there is no language `{ $code }`; the languages are { $codes }

## Standard output that is closed before anything runs, or cannot be written.

stdout-closed = standard output is closed (`>&-`) or not open for writing, so the report would be lost; nothing was run (a closed standard output reaches `triage` as /dev/null open for reading and writing: to discard the report, open /dev/null for writing only, as `> /dev/null` does)
# $reason: one of the reason-* messages, or the system's own words.
io-output = cannot write the output: { $reason }

## `triage` alone, with no terminal to ask questions at; `assess --batch` given another format.

no-command = no command given; try `triage ask`, `triage assess --help`, or `triage --help` for the list
# $format: the format given (text, summary, fhir).
batch-format = --batch prints one JSON report per line; it has no `--format { $format }` (leave out --format, or give --format json)
