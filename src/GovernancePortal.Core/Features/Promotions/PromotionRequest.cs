using GovernancePortal.Core.Domain;

namespace GovernancePortal.Core.Features.Promotions;

/// <summary>The API's status values; their names are part of the public contract.</summary>
public enum PromotionStatus { Draft, Pending, Approved, Rejected, Withdrawn, Expired }

/// <summary>The three co-signing roles. Admin is deliberately not one of them.</summary>
public enum ReviewerRole { Platform, Security, Risk }

/// <summary>A request to move one model version to a stage for one business use: a governed change.</summary>
public class PromotionRequest : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid ModelVersionId { get; set; }
    public ModelVersion? ModelVersion { get; set; }
    public Guid AiSystemId { get; set; }
    public AiSystem? AiSystem { get; set; }
    public Stage TargetStage { get; set; }
    public required string Justification { get; set; }
    public PromotionStatus Status { get; set; }
    /// <summary>Who asked, for display: a person's e-mail, or a service identity's name.</summary>
    public required string RequestedBy { get; set; }
    /// <summary>The requesting person's user id (null when a service identity asked): what separation of duties compares.</summary>
    public string? RequestedById { get; set; }
    public bool RequestedByService { get; set; }
    /// <summary>For a pipeline's request, the e-mail of the person accountable for its service identity (display).</summary>
    public string? RequestedOnBehalfOf { get; set; }
    /// <summary>That owner's user id: they may not approve the request either (ADR 0013).</summary>
    public string? RequestedOnBehalfOfId { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? SubmittedAt { get; set; }
    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public string? RejectionReason { get; set; }
    /// <summary>The reviewer role the rejection was given in, so the review screen shows it in that role's slot.</summary>
    public ReviewerRole? RejectedAs { get; set; }
    /// <summary>
    /// The change record of an approval given before the portal existed and imported into it (its signatures were given
    /// there, not here); null for requests made in the portal.
    /// </summary>
    public string? ImportedFrom { get; set; }

    /// <summary>The policy version the current decision hash was computed under.</summary>
    public Guid? PolicyId { get; set; }
    public int? PolicyVersion { get; set; }
    /// <summary>SHA-256 over digest, policy version, published card hash and evidence set; approvals bind to it.</summary>
    public string DecisionHash { get; set; } = "";
    /// <summary>The inputs of <see cref="DecisionHash"/> as canonical JSON, kept to explain what changed.</summary>
    public string DecisionInputs { get; set; } = "{}";
    /// <summary>Why the request returned to review, shown to reviewers until the next signature.</summary>
    public string? ReviewNote { get; set; }
    public DateTime? ReviewNoteAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped by every change so two signatures never overwrite each other.</summary>
    public int Revision { get; set; }

    public List<PromotionApproval> Approvals { get; set; } = [];

    public bool IsOpen => Status is PromotionStatus.Draft or PromotionStatus.Pending;
}

/// <summary>One reviewer's signature for one role, bound to the decision hash it was given on.</summary>
public class PromotionApproval : IAuditable
{
    public Guid Id { get; set; } = Guid.CreateVersion7();
    public Guid PromotionRequestId { get; set; }
    public ReviewerRole Role { get; set; }
    public required string ReviewerId { get; set; }
    public required string ReviewerName { get; set; }
    public string Comment { get; set; } = "";
    public DateTime SignedAt { get; set; }
    public required string DecisionHash { get; set; }
    public DateTime? InvalidatedAt { get; set; }
    public string? InvalidatedReason { get; set; }

    public bool IsValid => InvalidatedAt is null;
}
