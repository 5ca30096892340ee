use super::Output;
use super::assess::json_text;
use crate::cli::{SchemaArgs, SchemaWhat};
use crate::error::Error;
use crate::schema;

pub fn run(args: &SchemaArgs) -> Result<Output, Error> {
    Ok(Output::stdout(json_text(&match args.what {
        SchemaWhat::Rules => schema::rules(),
        SchemaWhat::Scenarios => schema::scenarios(),
        SchemaWhat::Report => schema::report(),
    })))
}
