use super::{Context, Output};
use crate::cli::{GraphArgs, GraphFormat};
use crate::error::Error;
use crate::graph;

pub fn run(context: &Context, args: &GraphArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    Ok(Output::stdout(match args.format {
        GraphFormat::Dot => graph::dot(&kb, args.red_flags),
        GraphFormat::Mermaid => graph::mermaid(&kb, args.red_flags),
    }))
}
