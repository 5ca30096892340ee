//! Which language a person's command speaks: `--lang CODE`, else the locale the environment
//! gives, in POSIX's order (LC_ALL, then LC_MESSAGES, then LANG; the first set and not empty
//! decides), else English. A locale the program has no language for (`C`, `POSIX`, `fr_FR`)
//! is English, as a program without that translation would be; a `--lang` it has no language
//! for is a usage error, since the person asked for it by name.
//!
//! As in gettext, GNU's priority list `LANGUAGE` (`es:en`) takes the place of the locale's
//! language unless that locale is `C` or `POSIX` (then the person asked for no translation):
//! its first entry that names a language the program has wins, and with none, English.

use super::Lang;
use crate::error::Error;

/// The language for `--lang` (if given) and the environment (`var` reads a variable).
pub fn choose(flag: Option<&str>, var: impl Fn(&str) -> Option<String>) -> Result<Lang, Error> {
    let Some(code) = flag else {
        return Ok(of_locale(&var));
    };
    from_locale(code).ok_or_else(|| {
        // Said in the locale's language: the one the person reads, if not the one asked for.
        let args = [
            ("code", super::txt(&crate::diagnostic::echo(code))),
            ("codes", super::txt(&Lang::available().join(", "))),
        ];
        Error::Usage(of_locale(&var).text_with("lang-unknown", &args))
    })
}

/// The language of the locale the environment gives (`var` reads a variable).
fn of_locale(var: &dyn Fn(&str) -> Option<String>) -> Lang {
    let set = |name| var(name).filter(|value| !value.is_empty());
    let locale = ["LC_ALL", "LC_MESSAGES", "LANG"].into_iter().find_map(set);
    let Some(locale) = locale.filter(|l| !is_untranslated(l)) else {
        return Lang::ENGLISH;
    };
    match set("LANGUAGE") {
        Some(list) => list.split(':').find_map(from_locale),
        None => from_locale(&locale),
    }
    .unwrap_or_default()
}

/// Whether a locale is the C locale (`C`, `POSIX`, `C.UTF-8`), which asks for no translation.
fn is_untranslated(locale: &str) -> bool {
    let name = locale.split(['.', '@']).next().unwrap_or_default();
    name == "C" || name == "POSIX"
}

/// The language of a code or a POSIX locale name: `es`, `es_MX`, `es-ES`, `es_ES.UTF-8`,
/// `es_ES@euro` are all Spanish.
pub fn from_locale(locale: &str) -> Option<Lang> {
    let language = locale
        .split(['.', '@'])
        .next()?
        .split(['_', '-'])
        .next()?
        .to_ascii_lowercase();
    Lang::from_code(&language)
}

#[cfg(test)]
mod tests {
    use super::{choose, from_locale};
    use crate::i18n::Lang;

    fn env<'a>(vars: &'a [(&'a str, &'a str)]) -> impl Fn(&str) -> Option<String> + 'a {
        move |name| {
            vars.iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| v.to_string())
        }
    }

    fn code(flag: Option<&str>, vars: &[(&str, &str)]) -> &'static str {
        choose(flag, env(vars)).unwrap().code()
    }

    #[test]
    fn locale_names_in_any_of_their_forms() {
        for name in ["es", "es_ES.UTF-8", "es_MX", "es-ES", "ES", "es_ES@euro"] {
            assert_eq!(from_locale(name).map(Lang::code), Some("es"), "{name}");
        }
        for name in ["C", "POSIX", "C.UTF-8", "fr_FR.UTF-8", "", "_"] {
            assert_eq!(from_locale(name), None, "{name}");
        }
    }

    #[test]
    fn the_flag_then_lc_all_then_lc_messages_then_lang() {
        assert_eq!(code(None, &[]), "en");
        assert_eq!(code(None, &[("LANG", "es_ES.UTF-8")]), "es");
        assert_eq!(code(None, &[("LANG", "C")]), "en");
        assert_eq!(code(None, &[("LANG", "fr_FR.UTF-8")]), "en");
        assert_eq!(
            code(None, &[("LC_ALL", "C"), ("LANG", "es_ES.UTF-8")]),
            "en"
        );
        assert_eq!(
            code(None, &[("LC_MESSAGES", "es_MX"), ("LANG", "en_GB.UTF-8")]),
            "es"
        );
        // An empty variable is as good as unset.
        assert_eq!(code(None, &[("LC_ALL", ""), ("LANG", "es")]), "es");
        assert_eq!(code(Some("en"), &[("LC_ALL", "es_ES.UTF-8")]), "en");
        assert_eq!(code(Some("es"), &[]), "es");
    }

    #[test]
    fn a_language_the_program_lacks_is_said_in_the_locales() {
        let error = choose(Some("xx"), env(&[("LANG", "es_ES.UTF-8")])).unwrap_err();
        assert_eq!(
            error.render(crate::style::Style::PLAIN),
            format!(
                "error: no hay ningún idioma `xx`; los idiomas son {}\n",
                Lang::available().join(", ")
            )
        );
    }

    #[test]
    fn a_language_the_program_lacks_is_a_usage_error_naming_those_it_has() {
        let error = choose(Some("xx"), |_| None).unwrap_err();
        assert_eq!(error.status(), crate::error::EXIT_USAGE);
        assert_eq!(
            error.render(crate::style::Style::PLAIN),
            format!(
                "error: there is no language `xx`; the languages are {}\n",
                Lang::available().join(", ")
            )
        );
    }
}
