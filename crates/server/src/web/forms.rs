//! Validation errors as a form shows them: translated, attached to the input they concern
//! (for `aria-describedby`), and labelled for the summary at the top of the form.

use super::i18n::Tr;
use medbridge_core::FieldErrors;

/// One error: the input's name, its label, and the translated message.
pub struct FormError {
    pub input: String,
    pub label: String,
    pub message: String,
}

#[derive(Default)]
pub struct FormErrors(pub Vec<FormError>);

/// The input a field path belongs to: `title.en` and `countries[1]` are shown at `title` and
/// `countries`, since the form edits the whole value in one input.
fn input_of(field: &str) -> &str {
    field.split(['.', '[']).next().unwrap_or(field)
}

impl FormErrors {
    /// `label_prefix` names the labels' keys: input `device_codes` under prefix `opp` is
    /// labelled by `opp-device-codes`.
    pub fn new(tr: Tr, label_prefix: &str, errs: &FieldErrors) -> FormErrors {
        FormErrors(
            errs.0
                .iter()
                .map(|e| {
                    let input = input_of(&e.field).to_string();
                    let label = tr.t(&format!("{label_prefix}-{}", input.replace('_', "-")));
                    FormError {
                        input,
                        label,
                        message: tr.error(e),
                    }
                })
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn has(&self, input: &str) -> bool {
        self.0.iter().any(|e| e.input == input)
    }

    /// All messages for one input, in one sentence each.
    pub fn get(&self, input: &str) -> Option<String> {
        let msgs: Vec<&str> = self
            .0
            .iter()
            .filter(|e| e.input == input)
            .map(|e| e.message.as_str())
            .collect();
        (!msgs.is_empty()).then(|| msgs.join(" "))
    }

    /// The ids an input's `aria-describedby` lists: its hint, and its error when it has one.
    pub fn describe(&self, input: &str, hint: &str) -> String {
        let mut ids = Vec::new();
        if !hint.is_empty() {
            ids.push(format!("h-{input}"));
        }
        if self.has(input) {
            ids.push(format!("e-{input}"));
        }
        ids.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use medbridge_core::{ErrorCode, FieldError, UiLang};

    #[test]
    fn errors_attach_to_their_input_in_the_readers_language() {
        let errs = FieldErrors(vec![
            FieldError::new("countries[1]", ErrorCode::UnknownCountry, "'XX' is not ..."),
            FieldError::new("title.en", ErrorCode::TooLong, "301 characters"),
            FieldError::new("title", ErrorCode::Required, "give it"),
        ]);
        let f = FormErrors::new(Tr(UiLang::Fr), "opp", &errs);
        assert_eq!(f.len(), 3);
        assert!(f.has("countries") && f.has("title") && !f.has("quantity"));
        assert_eq!(
            f.get("title").unwrap(),
            "Ce texte est trop long. Ce champ est obligatoire."
        );
        assert_eq!(f.0[0].label, "Pays");
        assert_eq!(f.describe("countries", "hint"), "h-countries e-countries");
        assert_eq!(f.describe("quantity", ""), "");
    }
}
