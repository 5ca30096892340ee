//! Writes the translation file for a new language: every text of the knowledge base with its
//! key and today's English, the translations empty, `status: draft`.
//!
//! cargo run --example locale_template -- LANG NAME > rules/locales/LANG.yaml
//!
//! For example `-- fr Français`. With TRIAGE_RULES=DIR it reads that rules folder instead of
//! the shipped one. Then translate each `LANG:` line and run `triage check`, which lists the
//! texts still missing (see "Translations" in rules/README.md).

use triage::kb::{KbSource, load_located, locale};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [lang, name] = args.as_slice() else {
        eprintln!("usage: cargo run --example locale_template -- LANG NAME (e.g. fr Français)");
        std::process::exit(2);
    };
    if !triage::kb::is_valid_id(lang) {
        eprintln!("`{lang}` is not a language code like `fr` or `pt-br`");
        std::process::exit(2);
    }
    let source = std::env::var_os("TRIAGE_RULES").map_or_else(
        || KbSource::Dir("rules".into()),
        |dir| KbSource::Dir(dir.into()),
    );
    let kb = match load_located(&source) {
        Ok(loaded) => loaded.kb,
        Err(error) => {
            eprintln!("{}", error.render(triage::style::Style::PLAIN));
            std::process::exit(1);
        }
    };
    print!("{}", locale::template(&kb, lang, name));
}
