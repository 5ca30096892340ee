use super::{Context, Output};
use crate::cli::{GraphArgs, GraphFormat};
use crate::error::Error;
use crate::graph;

pub fn run(context: &Context, args: &GraphArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let which = context.describe(&kb);
    Ok(Output::stdout(match args.format {
        GraphFormat::Dot => format!(
            "// Knowledge base: {which}\n{}",
            graph::dot(&kb, args.red_flags)
        ),
        // Mermaid's comments may not come before the diagram's type.
        GraphFormat::Mermaid => {
            let chart = graph::mermaid(&kb, args.red_flags);
            match chart.split_once('\n') {
                Some((kind, rest)) => format!("{kind}\n  %% Knowledge base: {which}\n{rest}"),
                None => chart,
            }
        }
    }))
}
