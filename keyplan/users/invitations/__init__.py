"""The one-time invitation link shared by the administrators' invitations
(users.administration, model users.UserInvitation) and the customer portal's
(portal.invitations, model portal.PortalInvitation).

- services: token_issue (a raw token and its hash; only the hash is stored), tokens_match
  (constant-time), invitation_pending (the pending invitation of a raw token),
  invitation_consume (one use: lock, check, create the user, mark accepted),
  invitation_issue (revoke the pending ones to the address, store a new one),
  pending_replace, invitation_link, language_check.
- forms: SetPasswordForm, the invitee's names and password twice.
- views: accept_page, the core of the invitee's page (the caller says which invitation,
  how it is accepted, the templates and where the new user lands).

An invitation model here is any model with token_hash, expires_at, accepted_at,
revoked_at, user and status(now=None) (pending, accepted, revoked or expired).
"""
