//! One function per subcommand. Each returns what to print and the exit status, so that
//! nothing reaches standard output unless the whole command succeeded.

mod ask;
mod assess;
mod check;
mod coverage;
mod diff;
mod explain;
mod graph;
mod hazards;
pub mod help;
mod list;
mod save;
mod schema;
mod test;
pub mod usage;
mod verify;
mod watch;

use crate::answers::{AnswerFlags, Answers};
use crate::cli::{AnswerArgs, Cli, Command};
use crate::diagnostic::SourceFile;
use crate::error::Error;
use crate::i18n::{Lang, txt};
use crate::kb::{KbSource, KnowledgeBase, Loaded, load, read_source_in};
use crate::style::ColorChoice;
use std::io::{IsTerminal, Read};

/// What a command prints, and how it exits.
#[derive(Debug, Default)]
pub struct Output {
    pub stdout: String,
    pub stderr: String,
    pub status: i32,
}

impl Output {
    pub fn stdout(text: String) -> Output {
        Output {
            stdout: text,
            ..Output::default()
        }
    }
}

/// The knowledge base a person's command speaks from, and the language it speaks.
pub struct PersonKb {
    pub kb: KnowledgeBase,
    pub lang: Lang,
    /// Whether the knowledge base's texts in `lang` are a draft or missing: the report says so.
    pub translation: crate::report::KbTexts,
}

/// The language of a person's command: `--lang`, else the locale (see `i18n::choose`).
pub fn person_lang(flag: Option<&str>) -> Result<Lang, Error> {
    crate::i18n::choose(flag, |name| std::env::var(name).ok())
}

/// Settings every command shares.
#[derive(Debug, Clone)]
pub struct Context {
    pub source: KbSource,
    pub color: ColorChoice,
}

impl Context {
    pub fn load(&self) -> Result<Loaded, Error> {
        self.named(load(&self.source)?)
    }

    /// Records in the knowledge base where it came from, for the reports that say so.
    fn named(&self, mut loaded: Loaded) -> Result<Loaded, Error> {
        loaded.kb.metadata.source = crate::kb::discover::source_json(&self.source);
        Ok(loaded)
    }

    /// How the command's output names the knowledge base it used: its folder, or `built-in,
    /// version X`.
    pub fn describe(&self, kb: &KnowledgeBase) -> String {
        crate::kb::discover::describe(&self.source, kb)
    }

    /// The line that opens a clinician command's report: which knowledge base it used.
    pub fn header(&self, kb: &KnowledgeBase) -> String {
        format!("Knowledge base: {}\n", self.describe(kb))
    }

    /// The knowledge base a person's command (`ask`, `assess`) speaks from, in `lang`.
    pub fn load_for_person(&self, lang: Lang) -> Result<PersonKb, Error> {
        let kb = self.load()?.kb;
        // The one place `ask` and `assess` get their knowledge base: its texts in the person's
        // language where it has them, else as written, and the person told which. English
        // is the rules as written (no copy).
        use crate::report::KbTexts;
        let status = (!lang.is_english()).then(|| {
            kb.languages()
                .find(|l| l.code == lang.code())
                .map(|l| l.status)
        });
        let (kb, translation) = match status {
            None => (kb, KbTexts::AsWritten),
            Some(None) => (kb, KbTexts::NotTranslated),
            Some(Some(status)) => (
                kb.translated(lang.code())?,
                if status == crate::kb::locale::Status::Draft {
                    KbTexts::DraftTranslation
                } else {
                    KbTexts::AsWritten
                },
            ),
        };
        Ok(PersonKb {
            kb,
            lang,
            translation,
        })
    }

    /// Loads with every entity's file, line and column, for messages that point at them.
    pub fn load_located(&self) -> Result<Loaded, Error> {
        self.named(crate::kb::load_located(&self.source)?)
    }
}

pub fn dispatch(cli: Cli) -> Result<Output, Error> {
    // A person's command knows its language first, so that all it says is in it.
    let lang = person_language(cli.command.as_ref()).map_err(|error| {
        // A `--lang` triage does not have is said in the locale's language (see `assess::lang`).
        let locale = match &cli.command {
            Some(Command::Assess(args)) if assess::for_programs(args) => Lang::ENGLISH,
            _ => person_lang(None).unwrap_or_default(),
        };
        crate::i18n::error::said(error, locale, crate::style::Style::stderr(cli.color))
    })?;
    // The commands that read no knowledge base look for none (nor mind `TRIAGE_RULES`).
    let reads_kb = !matches!(
        cli.command,
        Some(Command::Schema(_) | Command::Completions(_) | Command::Man)
    );
    // One rule for `--rules`, before the command or after it: only a command that reads a
    // knowledge base takes it (`triage --rules DIR schema` must not pass unremarked).
    if !reads_kb && cli.kb.rules.is_some() {
        let name = cli
            .command
            .as_ref()
            .map(|c| match c {
                Command::Schema(_) => "schema",
                Command::Completions(_) => "completions",
                _ => "man",
            })
            .unwrap_or_default();
        return Err(Error::Usage(format!(
            "`triage {name}` reads no knowledge base, so it takes no --rules"
        )));
    }
    // `chosen`: a person's choice of rules folder, kept for the way on should it not load.
    let (source, warning, chosen) = if reads_kb {
        let mut choice = crate::kb::discover::choose(
            // After the command, or before it.
            cli.command
                .as_ref()
                .and_then(Command::rules)
                .cloned()
                .or(cli.kb.rules),
            std::env::var_os(crate::kb::discover::RULES_ENV),
            &std::env::current_dir().unwrap_or_default(),
        )?;
        // A person's advice never comes from a folder someone else could have planted or
        // changed; a clinician is told, and goes on.
        match (choice.distrust.take(), lang) {
            (Some(distrust), Some(lang)) => return Err(Error::Input(distrust.refusal(lang))),
            (distrust, None) => (choice.source, distrust.map(|d| d.warning()), None),
            (None, Some(_)) => (choice.source.clone(), None, Some(choice)),
        }
    } else {
        (KbSource::Builtin, None, None)
    };
    let context = Context {
        source,
        color: cli.color,
    };
    let result = run(cli.command, context, lang.unwrap_or_default());
    // What went wrong, said in the person's language.
    let style = crate::style::Style::stderr(cli.color);
    let result = match lang {
        Some(lang) => result.map_err(|error| {
            // A person whose rules folder does not load is told the way on (worded only then,
            // not on every run); a clinician's commands are how to mend it.
            let next_step = chosen
                .filter(|_| matches!(error, Error::KnowledgeBase { .. }))
                .and_then(|choice| choice.next_step_if_not_loaded(lang));
            match (crate::i18n::error::said(error, lang, style), next_step) {
                (Error::Said { message, status }, Some(next_step)) => Error::Said {
                    message: format!("{message}{next_step}\n"),
                    status,
                },
                (error, _) => error,
            }
        }),
        None => result,
    };
    match (warning, result) {
        (Some(warning), Ok(mut output)) => {
            output.stderr.insert_str(0, &warning);
            Ok(output)
        }
        (Some(warning), Err(error)) => {
            // The error's message follows on standard error; the warning goes first.
            let _ = std::io::Write::write_all(&mut std::io::stderr(), warning.as_bytes());
            Err(error)
        }
        (None, result) => result,
    }
}

/// The language of a person's command (`ask`, `assess`, and `triage` alone, which may be an
/// interview); none for a clinician's.
pub fn person_language(command: Option<&Command>) -> Result<Option<Lang>, Error> {
    Ok(match command {
        None => Some(person_lang(None)?),
        Some(Command::Ask(args)) => Some(person_lang(args.lang.as_deref())?),
        Some(Command::Assess(args)) => Some(assess::lang(args)?),
        Some(_) => None,
    })
}

/// Runs the command; `lang` is a person's command's language.
fn run(command: Option<Command>, context: Context, lang: Lang) -> Result<Output, Error> {
    match command {
        Some(Command::Assess(args)) => assess::run(&context, &args, lang),
        // The checks exit 1 when they find something and 3 when they could not run.
        Some(Command::Check(args)) => check::run(&context, &args).map_err(|e| {
            e.not_run(|e| matches!(e, Error::KnowledgeBase { .. } | Error::Invalid { .. }))
        }),
        Some(Command::List(args)) => list::run(&context, &args),
        Some(Command::Test(args)) => test::run(&context, &args).map_err(|e| e.not_run(|_| false)),
        Some(Command::Verify(args)) => verify::run(&context, &args),
        Some(Command::Completions(args)) => Ok(Output::stdout(crate::cli::completions(args.shell))),
        Some(Command::Man) => Ok(Output::stdout(crate::manual::man())),
        Some(Command::Explain(args)) => explain::run(&context, &args),
        Some(Command::Coverage(args)) => {
            coverage::run(&context, &args).map_err(|e| e.not_run(|_| false))
        }
        Some(Command::Hazards(args)) => {
            hazards::run(&context, &args).map_err(|e| e.not_run(|_| false))
        }
        Some(Command::Diff(args)) => diff::run(&context, &args).map_err(|e| e.not_run(|_| false)),
        Some(Command::Graph(args)) => graph::run(&context, &args),
        Some(Command::Schema(args)) => schema::run(&args),
        Some(Command::Ask(args)) => ask::run(&context, &args, lang),
        Some(Command::Questionnaire(_)) => {
            let kb = context.load()?.kb;
            Ok(Output::stdout(assess::json_text(
                &crate::fhir::questionnaire(&kb),
            )))
        }
        // A person at a terminal who just types `triage` wants the questions.
        None if std::io::stdin().is_terminal() => {
            ask::run(&context, &crate::cli::AskArgs::default(), lang)
        }
        None => Err(Error::Usage(lang.text("no-command"))),
    }
}

/// An answers file, or a FHIR QuestionnaireResponse (JSON whose `resourceType` says so); the
/// answers file's problems are said in `lang`.
fn parse_answers(kb: &KnowledgeBase, file: SourceFile, lang: Lang) -> Result<Answers, Error> {
    let text = file.text.trim_start_matches('\u{feff}').trim_start();
    if text.starts_with('{')
        && let Ok(json) = serde_json::from_str::<serde_json::Value>(text)
        && let Some(kind) = json.get("resourceType").and_then(|t| t.as_str())
    {
        return match kind {
            "QuestionnaireResponse" => crate::fhir::read_response_in(kb, &json, lang),
            other => Err(Error::Input(lang.text_with(
                "fhir-not-answers",
                &[("name", txt(&file.name)), ("kind", txt(other))],
            ))),
        };
    }
    Answers::parse_in(kb, file, lang)
}

/// Reads the answers an invocation gives: the `--answers` file (or standard input), then the
/// flags on top of it. What is wrong with them is said in `lang`.
pub fn read_answers(kb: &KnowledgeBase, args: &AnswerArgs, lang: Lang) -> Result<Answers, Error> {
    let mut answers = match &args.answers {
        None => Answers::default(),
        Some(path) if path.as_os_str() == "-" => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .take(crate::kb::MAX_FILE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|source| Error::Io {
                    action: "read the answers from",
                    path: crate::i18n::error::STANDARD_INPUT.into(),
                    source,
                })?;
            if bytes.len() as u64 > crate::kb::MAX_FILE_BYTES {
                let size = (crate::kb::MAX_FILE_BYTES / (1024 * 1024)).to_string();
                return Err(Error::Input(
                    lang.text_with("stdin-too-large", &[("size", txt(&size))]),
                ));
            }
            let text = crate::lines::text(bytes).map_err(|why| {
                Error::Input(
                    lang.text_with("stdin-not-text", &[("why", txt(&why.describe_in(lang)))]),
                )
            })?;
            parse_answers(
                kb,
                SourceFile {
                    name: "<stdin>".into(),
                    text,
                },
                lang,
            )?
        }
        Some(path) => parse_answers(kb, read_source_in(path, lang)?, lang)?,
    };
    answers.apply_flags(
        kb,
        &AnswerFlags {
            lang,
            yes: args.yes.clone(),
            no: args.no.clone(),
            unknown: args.unknown.clone(),
            age: args.age,
            sex: args.sex.clone(),
            duration_days: args.duration_days,
        },
    )?;
    Ok(answers)
}
