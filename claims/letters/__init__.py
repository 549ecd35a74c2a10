"""Letters: the Word documents the firm sends (letter of claim, subject access request, client
care letter and CFA, decline letter, acknowledgement), their templates and versions, the
claimant's online signing of the CFA, and bulk letters of claim as a background job."""
