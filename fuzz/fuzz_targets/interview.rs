//! The interview's input handling (`triage ask`): any bytes typed, in any order, must lead to
//! an orderly end (finished, emergency, quit or end of input), never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;
use triage::interview::Interview;
use triage::interview::prompt::Prompter;
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
    let kb = kb();
    let Ok(mut interview) = Interview::new(kb, None) else {
        return;
    };
    let mut prompter = Prompter {
        input: std::io::Cursor::new(data),
        output: std::io::sink(),
        style: Style::PLAIN,
        show_ids: true,
        echo: true,
        report_follows: false,
        width: 80,
        shown: None,
        speech: Default::default(),
    };
    if prompter.run(&mut interview, |_| {}).is_ok() {
        let _ = interview.report();
    }
});
