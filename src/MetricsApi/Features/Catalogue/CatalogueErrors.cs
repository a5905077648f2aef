namespace MetricsApi.Features.Catalogue;

/// <summary>Error codes of catalogue operations beyond the common ones.</summary>
public static class CatalogueErrors
{
    public const string InvalidTransition = "INVALID_TRANSITION";
    public const string SelfApproval = "SELF_APPROVAL_NOT_ALLOWED";
    public const string ApprovalMissing = "APPROVAL_MISSING";
}
