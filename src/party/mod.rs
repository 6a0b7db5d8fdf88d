pub(crate) mod legal_forms;
pub(crate) mod names;
