"""Staff views of claims: the list of submitted claims and the claim page."""
