use super::assess::json_text;
use super::{Context, Output, read_answers};
use crate::cli::{ExplainArgs, Format};
use crate::error::Error;
use crate::explain::Explained;
use crate::style::Style;
use crate::suggest::did_you_mean;

pub fn run(context: &Context, args: &ExplainArgs) -> Result<Output, Error> {
    // Located, so that the report can point at each entity's file:line:column.
    let kb = context.load_located()?.kb;
    // An unknown cause is a mistake in the question, whatever the answers.
    let why_not = match &args.why_not {
        None => None,
        Some(id) => Some(kb.cause(id).ok_or_else(|| {
            if let Some(other) = kb.entity(id) {
                let noun = other.noun(&kb);
                let article = if noun.starts_with(['a', 'e', 'i', 'o', 'u']) {
                    "an"
                } else {
                    "a"
                };
                return Error::Input(format!(
                    "`{id}` is {article} {noun}, not a cause; `--why-not` takes a cause \
                     (`triage list causes` lists them)"
                ));
            }
            let hint = did_you_mean(id, kb.causes.iter().map(|c| c.id.as_str()))
                .map_or(String::new(), |h| format!("; {h}"));
            Error::Input(format!(
                "unknown cause `{}`{hint} (`triage list causes` lists them)",
                crate::diagnostic::echo(id)
            ))
        })?),
    };
    let answers = read_answers(&kb, &args.answers, crate::i18n::Lang::ENGLISH)?;
    let explained = Explained::new(&kb, &answers)?;
    let style = Style::stdout(context.color);
    if args.format == Format::Json {
        return Ok(Output::stdout(json_text(&match why_not {
            Some(cause) => explained.why_not_json(cause),
            None => explained.json(&answers),
        })));
    }
    Ok(Output::stdout(
        context.header(&kb)
            + &match why_not {
                Some(cause) => explained.why_not(cause, style),
                None => explained.text(&answers, style),
            },
    ))
}
