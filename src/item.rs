//! The input of classification: one product line.

use chrono::NaiveDate;

/// A product line to classify: description, optional HS code and scheme,
/// optional as-of date.
///
/// ```
/// use dualuse::Item;
/// let item = Item::new("Sm2Co17 magnet ring").hs("8505.11");
/// assert_eq!(item.hs_code(), Some("8505.11"));
/// ```
#[derive(Debug, Clone, Copy, Default)]
pub struct Item<'a> {
    pub(crate) description: &'a str,
    pub(crate) hs: Option<&'a str>,
    pub(crate) scheme: Option<&'a str>,
    pub(crate) as_of: Option<NaiveDate>,
}

impl<'a> Item<'a> {
    /// An item with only a description.
    pub fn new(description: &'a str) -> Item<'a> {
        Item {
            description,
            ..Item::default()
        }
    }

    /// Sets the customs code (any punctuation; digits compared).
    pub fn hs(mut self, code: &'a str) -> Self {
        self.hs = Some(code).filter(|c| !c.trim().is_empty());
        self
    }

    /// Sets the national scheme of the customs code (`CN`, `US`, …); digits
    /// beyond six are compared only with the rules' codes of that scheme.
    pub fn scheme(mut self, scheme: &'a str) -> Self {
        self.scheme = Some(scheme).filter(|s| !s.trim().is_empty());
        self
    }

    /// Classifies as of this date instead of today.
    pub fn as_of(mut self, date: NaiveDate) -> Self {
        self.as_of = Some(date);
        self
    }

    /// The description.
    pub fn description(&self) -> &'a str {
        self.description
    }

    /// The customs code as given.
    pub fn hs_code(&self) -> Option<&'a str> {
        self.hs
    }
}

/// Today's date in local time.
pub(crate) fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}
