//! Answers parsing against the shipped knowledge base: any text must parse or be refused with
//! diagnostics that render, never panic; parsed answers are assessed and reported.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use triage::answers::Answers;
use triage::diagnostic::SourceFile;
use triage::kb::{KbSource, KnowledgeBase, load};
use triage::style::Style;

fn kb() -> &'static KnowledgeBase {
    static KB: OnceLock<KnowledgeBase> = OnceLock::new();
    KB.get_or_init(|| {
        load(&KbSource::Builtin)
            .expect("the shipped knowledge base loads")
            .kb
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let kb = kb();
    let file = SourceFile {
        name: "answers.yaml".into(),
        text: text.to_string(),
    };
    match Answers::parse(kb, file) {
        Err(error) => {
            let _ = error.render(Style::PLAIN);
        }
        Ok(answers) => {
            let outcome =
                triage::assess::assess(kb, &answers).expect("the shipped rules never hit the cap");
            let _ = triage::report::outcome_text(kb, &answers, &outcome, None, triage::report::TextOptions { style: Style::PLAIN, details: true, width: 80, lang: triage::i18n::Lang::ENGLISH, translation: triage::report::KbTexts::AsWritten });
            let json = triage::report::outcome_json(kb, &answers, &outcome, true);
            // What the report echoes must replay to the same answers.
            let echoed = SourceFile {
                name: "echo.json".into(),
                text: json["answers"].to_string(),
            };
            let replayed = Answers::parse(kb, echoed).expect("echoed answers parse");
            assert_eq!(replayed, answers);
        }
    }
});
