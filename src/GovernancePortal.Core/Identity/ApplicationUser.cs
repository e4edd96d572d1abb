using Microsoft.AspNetCore.Identity;

namespace GovernancePortal.Core.Identity;

public class ApplicationUser : IdentityUser
{
    /// <summary>Name shown in the UI and on evidence packs.</summary>
    public string DisplayName { get; set; } = "";
}
