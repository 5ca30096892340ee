use super::assess::json_text;
use super::{Context, Output};
use crate::answers::number_json;
use crate::cli::{Format, ListArgs, ListWhat};
use crate::error::Error;
use crate::kb::text::TextOwner;
use crate::kb::{FactKind, KnowledgeBase, TextId};
use serde_json::{Value, json};
use std::fmt::Write as _;

pub fn run(context: &Context, args: &ListArgs) -> Result<Output, Error> {
    let kb = context.load()?.kb;
    let rows = match args.what {
        ListWhat::Findings => findings(&kb),
        ListWhat::Causes => causes(&kb),
        ListWhat::Levels => levels(&kb),
    };
    Ok(match args.format {
        Format::Json => Output::stdout(json_text(&Value::Array(
            rows.into_iter().map(|r| r.json).collect(),
        ))),
        // The table alone on standard output, so that `cut`, `sort` and `grep` see only rows;
        // which knowledge base it lists goes to standard error.
        Format::Text => Output {
            stdout: table(&rows),
            stderr: context.header(&kb),
            status: 0,
        },
    })
}

struct Row {
    columns: Vec<String>,
    json: Value,
}

/// Aligned columns; the last one runs free.
fn table(rows: &[Row]) -> String {
    let columns = rows.first().map_or(0, |r| r.columns.len());
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .map(|r| r.columns[c].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let mut line = String::new();
        for (c, cell) in row.columns.iter().enumerate() {
            if c + 1 == columns {
                line.push_str(cell);
            } else {
                let _ = write!(line, "{cell:<width$}  ", width = widths[c]);
            }
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

fn findings(kb: &KnowledgeBase) -> Vec<Row> {
    kb.findings()
        .map(|(_, f)| {
            let mut json = json!({
                "id": f.id,
                "kind": f.kind.name(),
                "question": f.question,
                "label": f.label(),
                "help": f.help,
                "red_flag": f.red_flag,
                "follow_up": f.ask_if.is_some(),
                "codes": crate::report::codes_json(&f.codes),
            });
            if !f.replaced_by.is_empty() {
                json["replaced_by"] = f
                    .replaced_by
                    .iter()
                    .map(|&p| kb.facts[p].id.clone())
                    .collect::<Vec<_>>()
                    .into();
            }
            let kind = match &f.kind {
                FactKind::Number { unit, min, max } => {
                    json["unit"] = unit.clone().into();
                    json["min"] = number_json(*min);
                    json["max"] = number_json(*max);
                    format!("number {}..{} {unit}", number_json(*min), number_json(*max))
                }
                FactKind::Choice { options } => {
                    json["options"] = options.clone().into();
                    format!("choice {}", options.join("|"))
                }
                other => other.name().to_string(),
            };
            Row {
                columns: vec![
                    f.id.clone(),
                    kind,
                    if f.red_flag { "red flag" } else { "" }.to_string(),
                    f.question.to_string(),
                ],
                json,
            }
        })
        .collect()
}

fn causes(kb: &KnowledgeBase) -> Vec<Row> {
    kb.causes
        .iter()
        .map(|c| Row {
            columns: vec![c.id.clone(), c.name.clone()],
            json: with_conditional_texts(
                kb,
                json!({
                    "id": c.id,
                    "name": c.name,
                    "description": plain_words(kb, &c.description),
                    "self_care": plain_words(kb, &c.self_care),
                    "see_doctor": plain_words(kb, &c.see_doctor),
                    "sources": c.sources,
                    "codes": crate::report::codes_json(&c.codes),
                }),
                &[&c.description, &c.self_care, &c.see_doctor],
            ),
        })
        .collect()
}

fn levels(kb: &KnowledgeBase) -> Vec<Row> {
    kb.levels
        .iter()
        .enumerate()
        .map(|(rank, l)| {
            let mut notes = Vec::new();
            if l.emergency {
                notes.push("emergency");
            }
            if rank == kb.default_level {
                notes.push("default");
            }
            Row {
                columns: vec![
                    format!("{}", rank + 1),
                    l.id.to_string(),
                    notes.join(", "),
                    l.label.to_string(),
                ],
                json: with_conditional_texts(
                    kb,
                    json!({
                        "id": l.id,
                        "rank": rank + 1,
                        "label": l.label,
                        "action": plain_words(kb, &l.action),
                        "emergency": l.emergency,
                        "default": rank == kb.default_level,
                    }),
                    &[&l.action],
                ),
            }
        })
        .collect()
}

/// The words of a text that every reader sees: its parts without a condition.
fn plain_words(kb: &KnowledgeBase, parts: &[TextId]) -> String {
    kb.words(parts, |t| !kb.texts[t].is_conditional())
}

/// Adds `conditional_texts` to a listed entity that has texts shown only under a condition:
/// each with its field, id, words and conditions.
fn with_conditional_texts(
    kb: &KnowledgeBase,
    mut json: serde_json::Value,
    fields: &[&Vec<TextId>],
) -> serde_json::Value {
    let conditional: Vec<serde_json::Value> = fields
        .iter()
        .flat_map(|parts| parts.iter())
        .map(|&t| &kb.texts[t])
        .filter(|text| text.is_conditional())
        .map(|text| {
            let field = match text.owner {
                TextOwner::Cause(_, field) => field.name(),
                TextOwner::Level(_) => "action",
                TextOwner::Advice(_) => "advice",
            };
            json!({
                "field": field,
                "id": text.id,
                "text": text.text,
                "when": crate::report::text_condition_text(kb, text),
            })
        })
        .collect();
    if !conditional.is_empty()
        && let Some(map) = json.as_object_mut()
    {
        map.insert(
            "conditional_texts".into(),
            serde_json::Value::Array(conditional),
        );
    }
    json
}
