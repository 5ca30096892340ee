//! Knowledge-base loading: any text must load or be refused with diagnostics that render,
//! never panic. A knowledge base that loads is also run, with no answers and with everything
//! present, and (when small) verified.
#![no_main]

use libfuzzer_sys::fuzz_target;
use triage::answers::Answers;
use triage::diagnostic::SourceFile;
use triage::engine::condition::Value;
use triage::kb::{FactKind, load_files};
use triage::style::Style;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let file = SourceFile {
        name: "fuzz.yaml".into(),
        text: text.to_string(),
    };
    match load_files(vec![file]) {
        Err(error) => {
            let _ = error.render(Style::PLAIN);
        }
        Ok(loaded) => {
            let kb = &loaded.kb;
            let _ = triage::assess::assess(kb, &Answers::default());
            let mut all = Answers::default();
            for (fact, finding) in kb.findings() {
                if finding.kind == FactKind::YesNo {
                    all.values.insert(fact, Value::Present);
                }
            }
            if let Ok(outcome) = triage::assess::assess(kb, &all) {
                let _ = triage::report::outcome_text(kb, &all, &outcome, None, triage::report::TextOptions { style: Style::PLAIN, details: true, width: 80, lang: triage::i18n::Lang::ENGLISH, translation: triage::report::KbTexts::AsWritten });
                let _ = triage::report::outcome_json(kb, &all, &outcome, true);
            }
            if kb.rules.len() <= 50 && kb.facts.len() <= 50 {
                let report = triage::verify::verify(kb);
                let _ = triage::verify::text(kb, &report, Style::PLAIN);
            }
        }
    }
});
