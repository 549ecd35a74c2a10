"""The public claim form: one topic per page, saved as a draft, checked, then submitted."""
