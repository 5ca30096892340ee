//! Every language says everything English says, with the same variables, and nothing else:
//! a message missing from a language would fall back to English in the middle of it, and a
//! variable missing from one would drop a number or a path from what a person reads.

use super::{LOCALES, Lang, num, txt};
use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};
use std::collections::{BTreeMap, BTreeSet};

/// Each message of a language, with the variables it uses.
fn messages(code: &str, source: &str) -> BTreeMap<String, BTreeSet<String>> {
    let resource = fluent_syntax::parser::parse(source)
        .unwrap_or_else(|(_, errors)| panic!("locales/{code}/triage.ftl: {errors:?}"));
    let mut messages = BTreeMap::new();
    for entry in resource.body {
        match entry {
            Entry::Message(message) => {
                let mut variables = BTreeSet::new();
                if let Some(value) = &message.value {
                    pattern_variables(value, &mut variables);
                }
                assert!(
                    messages
                        .insert(message.id.name.to_string(), variables)
                        .is_none(),
                    "locales/{code}/triage.ftl: `{}` twice",
                    message.id.name
                );
            }
            Entry::Junk { content } => panic!("locales/{code}/triage.ftl: junk {content:?}"),
            _ => {}
        }
    }
    messages
}

fn pattern_variables(pattern: &Pattern<&str>, into: &mut BTreeSet<String>) {
    for element in &pattern.elements {
        if let PatternElement::Placeable { expression } = element {
            expression_variables(expression, into);
        }
    }
}

fn expression_variables(expression: &Expression<&str>, into: &mut BTreeSet<String>) {
    match expression {
        Expression::Select { selector, variants } => {
            inline_variables(selector, into);
            for variant in variants {
                pattern_variables(&variant.value, into);
            }
        }
        Expression::Inline(inline) => inline_variables(inline, into),
    }
}

fn inline_variables(inline: &InlineExpression<&str>, into: &mut BTreeSet<String>) {
    match inline {
        InlineExpression::VariableReference { id } => {
            into.insert(id.name.to_string());
        }
        InlineExpression::Placeable { expression } => expression_variables(expression, into),
        InlineExpression::FunctionReference { arguments, .. } => {
            for argument in &arguments.positional {
                inline_variables(argument, into);
            }
            for argument in &arguments.named {
                inline_variables(&argument.value, into);
            }
        }
        _ => {}
    }
}

#[test]
fn every_language_has_every_message_with_the_same_variables() {
    let english = messages("en", LOCALES[Lang::ENGLISH.0].1);
    assert!(LOCALES.len() >= 2, "{:?}", Lang::available());
    for (code, source, _) in LOCALES {
        let other = messages(code, source);
        for (id, variables) in &english {
            match other.get(id) {
                None => panic!("locales/{code}/triage.ftl has no `{id}`"),
                Some(theirs) => assert_eq!(
                    theirs, variables,
                    "locales/{code}/triage.ftl: the variables of `{id}`"
                ),
            }
        }
        for id in other.keys() {
            assert!(
                english.contains_key(id),
                "locales/{code}/triage.ftl has `{id}`, which English has not"
            );
        }
    }
}

#[test]
fn no_isolation_marks_and_plurals_chosen_by_the_language() {
    let spanish = Lang::from_code("es").unwrap();
    for (lang, one, many) in [
        (Lang::ENGLISH, "1 warning sign was", "3 warning signs were"),
        (spanish, "1 señal de alarma", "3 señales de alarma"),
    ] {
        let text = |n| lang.text_with("unanswered-count", &[("count", num(n))]);
        assert!(text(1).contains(one), "{}", text(1));
        assert!(text(3).contains(many), "{}", text(3));
        assert!(!text(3).contains(['\u{2068}', '\u{2069}']), "{:?}", text(3));
    }
    assert_eq!(
        spanish.text_with("back-going", &[("answer", txt("sí"))]),
        "Volvemos a la pregunta anterior (había respondido sí):"
    );
}

#[test]
fn english_words_are_understood_in_every_language() {
    for code in Lang::available() {
        let lang = Lang::from_code(code).unwrap();
        for word in ["y", "yes", "n", "no"] {
            assert!(
                lang.words("words-yes").contains(&word.to_string())
                    || lang.words("words-no").contains(&word.to_string()),
                "{code}: {word}"
            );
        }
    }
    let spanish = Lang::from_code("es").unwrap().words("words-yes");
    for word in ["sí", "si", "s", "yes"] {
        assert!(spanish.contains(&word.to_string()), "{word}: {spanish:?}");
    }
}

/// The language of a person's command for `--lang` (if given) and these variables.
fn chosen(flag: Option<&str>, vars: &[(&str, &str)]) -> &'static str {
    let var = |name: &str| {
        vars.iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.to_string())
    };
    super::choose(flag, var).unwrap().code()
}

#[test]
fn language_is_a_priority_list_read_unless_the_locale_is_c() {
    let es = ("LANG", "es_ES.UTF-8");
    let en = ("LANG", "en_GB.UTF-8");
    // Its first entry the program has wins, over the locale's own language.
    assert_eq!(chosen(None, &[en, ("LANGUAGE", "es:en")]), "es");
    assert_eq!(chosen(None, &[en, ("LANGUAGE", "fr_FR:es_MX:en")]), "es");
    assert_eq!(chosen(None, &[es, ("LANGUAGE", "en_US:es")]), "en");
    assert_eq!(chosen(None, &[en, ("LANGUAGE", "::es")]), "es");
    // None of its entries: English, as gettext gives the untranslated text.
    assert_eq!(chosen(None, &[es, ("LANGUAGE", "fr:de")]), "en");
    // Empty is as good as unset.
    assert_eq!(chosen(None, &[es, ("LANGUAGE", "")]), "es");
    // Any locale but C decides whether it is read, wherever it comes from.
    assert_eq!(
        chosen(None, &[("LC_MESSAGES", "fr_FR"), ("LANGUAGE", "es")]),
        "es"
    );
    // Not read under the C locale, or with no locale at all.
    for c in ["C", "POSIX", "C.UTF-8"] {
        assert_eq!(
            chosen(None, &[("LANG", c), ("LANGUAGE", "es")]),
            "en",
            "{c}"
        );
        assert_eq!(
            chosen(None, &[("LC_ALL", c), es, ("LANGUAGE", "es")]),
            "en",
            "{c}"
        );
    }
    assert_eq!(chosen(None, &[("LANGUAGE", "es")]), "en");
    // `--lang` wins over it.
    assert_eq!(chosen(Some("en"), &[es, ("LANGUAGE", "es")]), "en");
}

/// Each message is parsed on its own when first said (`Messages`): what it says must be what
/// the whole file, parsed at once, says, for every message of every language, its variables
/// given as numbers (a plural chosen) and as words. This also holds every message to not
/// referring to another, which a message parsed alone could not resolve.
#[test]
fn each_message_parsed_alone_says_what_the_whole_file_says() {
    use fluent_bundle::concurrent::FluentBundle;
    use fluent_bundle::{FluentArgs, FluentResource};
    for (code, source, _) in LOCALES {
        let lang = Lang::from_code(code).unwrap();
        let mut whole = FluentBundle::new_concurrent(vec![code.parse().unwrap()]);
        whole.set_use_isolating(false);
        whole
            .add_resource(FluentResource::try_new(source.to_string()).unwrap())
            .unwrap();
        let ids = messages(code, source);
        assert_eq!(lang.messages().entries.len(), ids.len(), "{code}");
        for (id, variables) in &ids {
            for value in [num(1), num(3), txt("x")] {
                let mut args = FluentArgs::new();
                for variable in variables {
                    args.set(variable.as_str(), value.clone());
                }
                let pattern = whole.get_message(id).unwrap().value().unwrap();
                let expected = whole.format_pattern(pattern, Some(&args), &mut Vec::new());
                assert_eq!(
                    lang.messages().format(id, &args).as_deref(),
                    Some(&*expected),
                    "locales/{code}/triage.ftl: `{id}`"
                );
            }
        }
    }
}
