//! Party-name matching: placeholder until the matcher lands.
