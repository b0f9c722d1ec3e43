"""Pure matching helpers: text folding, names, phones and agency hints. No I/O."""
