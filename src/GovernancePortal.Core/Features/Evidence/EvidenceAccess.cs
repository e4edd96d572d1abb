using GovernancePortal.Core.Common;
using GovernancePortal.Core.Identity;

namespace GovernancePortal.Core.Features.Evidence;

/// <summary>
/// Who may issue evidence documents and read compliance coverage: people with the Auditor policy (compliance officers,
/// risk and security reviewers, admins) and service identities with any read scope (the pipeline API). One owner.
/// </summary>
public static class EvidenceAccess
{
    public static Error? Deny(Caller caller, string action) =>
        caller.IsService ? caller.Deny(Policies.Reader, action) : caller.Deny(Policies.Auditor, action);
}
