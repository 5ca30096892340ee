use super::{Context, Output, watch};
use crate::cli::{CheckArgs, Deny};
use crate::diagnostic::render_all;
use crate::error::{Error, plural};
use crate::style::Style;

pub fn run(context: &Context, args: &CheckArgs) -> Result<Output, Error> {
    if args.watch {
        let (context, dir) = watch::on_disk(context)?;
        // The translations are read with the rules, so an edit of one checks again too.
        let locales = dir.join(crate::kb::LOCALES_DIR);
        let mut roots = vec![dir];
        if locales.is_dir() {
            roots.push(locales);
        }
        return watch::run_forever(roots, "check", context.color, || check(&context, args));
    }
    check(context, args)
}

fn check(context: &Context, args: &CheckArgs) -> Result<Output, Error> {
    let mut loaded = context.load_located()?;
    // The scenarios the hazard log cites live in the scenario files: read them only then.
    if crate::hazards::cites_scenarios(&loaded.kb) {
        let files = super::test::scenario_files(context, &[])?;
        let suite = crate::scenario::Suite::parse(&loaded.kb, files)?;
        crate::hazards::check_scenarios(&loaded.kb, &suite)?;
    }
    let lints = crate::lint::lint(&loaded.kb);
    loaded.warnings.extend(lints);
    // The translations against today's texts: a placeholder on one side only is an error
    // (the person would read a raw `{signs}`, or lose the list it stands for), the rest warn.
    loaded.warnings.extend(crate::kb::locale::lint(&loaded.kb));
    let kb = &loaded.kb;
    let style = Style::stderr(context.color);
    let errors = loaded.warnings.iter().filter(|d| d.is_error()).count();
    let warnings = loaded.warnings.len() - errors;
    let findings = kb.findings().count();
    let concepts = kb.facts.len() - findings;
    let generated = kb.rules.iter().filter(|r| r.not_sure_of.is_some()).count();
    let rules = if generated == 0 {
        format!("{} rules", kb.rules.len())
    } else {
        format!(
            "{} rules and {generated} generated for \"not sure\"",
            kb.rules.len() - generated
        )
    };
    // The files of rules (the translations have a line each, before the summary, which stays
    // the last line).
    let files = kb.files.len() - kb.locales.all().len();
    let summary = format!(
        "{}{} {}: {files} file{}, {} levels, {findings} findings, {concepts} concepts, {} causes, {rules}; {}\n",
        translations(kb),
        kb.metadata.name,
        kb.metadata.version,
        plural(files),
        kb.levels.len(),
        kb.causes.len(),
        match (errors, warnings) {
            (0, 0) => "no problems found".to_string(),
            (0, _) => format!("{warnings} warning{}", plural(warnings)),
            (_, 0) => format!("{errors} error{}", plural(errors)),
            _ => format!(
                "{errors} error{}, {warnings} warning{}",
                plural(errors),
                plural(warnings)
            ),
        },
    );
    let mut stderr = render_all(&loaded.warnings, &kb.files, style);
    let denied = args.deny == Some(Deny::Warnings) && warnings > 0;
    if denied {
        stderr.push_str(&format!(
            "{}: {warnings} warning{} denied by `--deny warnings`\n",
            style.error("error"),
            plural(warnings)
        ));
    }
    Ok(Output {
        stdout: context.header(kb) + &summary,
        stderr,
        status: i32::from(denied || errors > 0),
    })
}

/// A line per language the texts are translated into: its status, and how many of the texts
/// are translated from today's English.
fn translations(kb: &crate::kb::KnowledgeBase) -> String {
    use crate::kb::locale::{State, audit};
    let mut out = String::new();
    for locale in kb.locales.all() {
        let audit = audit(kb, locale);
        let language = &locale.language;
        out.push_str(&format!(
            "{} ({}, {}): {} of {} texts translated, {} stale\n",
            language.code,
            language.name,
            language.status.name(),
            audit.count(State::Current),
            audit.keys.len(),
            audit.count(State::Stale)
        ));
    }
    out
}
