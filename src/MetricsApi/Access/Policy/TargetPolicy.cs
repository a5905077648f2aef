using MetricsApi.Features.Catalogue;
using MetricsApi.Features.Org;
using MetricsApi.GraphQL;

namespace MetricsApi.Access.Policy;

/// <summary>What setting (or approving) a target asks for.</summary>
/// <param name="MetricKey">The metric.</param>
/// <param name="MetricKind">Its kind (current published version).</param>
/// <param name="Published">Whether the metric has a published (or deprecated) version.</param>
/// <param name="UnitKind">The unit's kind today (COMPANY, ORG, TEAM).</param>
/// <param name="UnitTeams">How many teams the unit holds today (itself for a team).</param>
/// <param name="UnitInScope">Whether the unit lies in the scope the caller may set targets in (null: not checked, e.g. at approval).</param>
/// <param name="MinTeamsForAdoption">The configured smallest unit (in teams) an ADOPTION target may press on.</param>
public sealed record TargetRequest(
    string MetricKey,
    string MetricKind,
    bool Published,
    string UnitKind,
    int UnitTeams,
    bool? UnitInScope,
    int MinTeamsForAdoption);

/// <summary>A target decision: allowed or not, the rule codes, the argument it is about and a sentence.</summary>
/// <param name="Allowed">Whether the target may be set.</param>
/// <param name="ErrorCode">The error code of a refusal.</param>
/// <param name="Field">The input field a refusal is about.</param>
/// <param name="RuleCodes">The rules that decided.</param>
/// <param name="Explanation">Why, in words.</param>
/// <param name="NeedsPrivacyApproval">Whether the target is in force only once a PrivacyOfficer approves it.</param>
public sealed record TargetDecision(bool Allowed, string? ErrorCode, string? Field, IReadOnlyList<string> RuleCodes, string Explanation, bool NeedsPrivacyApproval);

/// <summary>
/// Which metrics and units may carry targets (PRODUCT.md §5 invariant 5 and §8b), as a pure function
/// of the metric, the unit and the caller's scope. Like <see cref="PolicyEngine"/>, the invariant rules
/// come first and no configuration relaxes them: ACTIVITY never carries a target, SENTIMENT neither,
/// and ADOPTION never on a single team. Configuration can only make ADOPTION stricter (a larger
/// smallest unit; never below <see cref="AdoptionFloorTeams"/>).
/// </summary>
public static class TargetPolicy
{
    public const string ActivityNeverTargeted = "INVARIANT_ACTIVITY_NEVER_TARGETED";
    public const string SentimentNotTargeted = "SENTIMENT_NOT_TARGETED";
    public const string AdoptionNotForTeams = "INVARIANT_ADOPTION_TARGETS_NOT_FOR_TEAMS";
    public const string AdoptionUnitTooSmall = "ADOPTION_TARGET_UNIT_TOO_SMALL";
    public const string AdoptionNeedsPrivacyApproval = "ADOPTION_TARGET_NEEDS_PRIVACY_APPROVAL";
    public const string OutcomeTargetAllowed = "OUTCOME_TARGET_ALLOWED";
    public const string TargetOutOfScope = "TARGET_UNIT_OUT_OF_SCOPE";
    public const string MetricNotPublished = PolicyEngine.MetricNotPublished;

    /// <summary>No configuration brings the smallest unit of an ADOPTION target below this many teams.</summary>
    public const int AdoptionFloorTeams = 2;

    /// <summary>The smallest unit (in teams) of an ADOPTION target: the configured value, never below the floor.</summary>
    public static int MinTeamsForAdoption(int configured) => Math.Max(AdoptionFloorTeams, configured);

    /// <summary>The refusal of a unit outside the caller's target scope (the same words whether it exists or not).</summary>
    public static TargetDecision NotInScope() => new(false, ErrorCodes.OutOfScope, "unit", [TargetOutOfScope],
        "That unit is not one you may set targets for: Leaders set them within the orgs they lead, Analysts anywhere in the company.", false);

    public static TargetDecision Decide(TargetRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        TargetDecision Deny(string code, string field, string rule, string why) => new(false, code, field, [rule], why, false);

        if (request.MetricKind == MetricKinds.Activity)
        {
            return Deny(ErrorCodes.BadUserInput, "metric", ActivityNeverTargeted,
                $"{request.MetricKey} is an ACTIVITY metric: raw usage volume never carries a target (invariant 5). Token and usage targets produced 'tokenmaxxing' — work done to move the number, not the outcome. Set the target on the OUTCOME it is meant to improve and read the activity next to it.");
        }

        if (request.MetricKind == MetricKinds.Sentiment)
        {
            return Deny(ErrorCodes.BadUserInput, "metric", SentimentNotTargeted,
                $"{request.MetricKey} is a SENTIMENT metric: only OUTCOME and ADOPTION metrics carry targets (PRODUCT.md §8b). A target on survey answers tells people what to answer, and then the answers stop measuring how they feel.");
        }

        if (!request.Published)
        {
            return Deny(ErrorCodes.NotFound, "metric", MetricNotPublished, $"{request.MetricKey} has no published version, so no target can be measured against it.");
        }

        if (request.UnitInScope == false)
        {
            return NotInScope();
        }

        if (request.MetricKind == MetricKinds.Adoption)
        {
            var min = MinTeamsForAdoption(request.MinTeamsForAdoption);
            if (request.UnitKind == OrgUnitKinds.Team)
            {
                return Deny(ErrorCodes.BadUserInput, "unit", AdoptionNotForTeams,
                    $"{request.MetricKey} is an ADOPTION metric: adoption targets are never set for a single team, where they press on a handful of people to use a tool. Set it for an org of at least {min} teams.");
            }

            if (request.UnitTeams < min)
            {
                return Deny(ErrorCodes.BadUserInput, "unit", AdoptionUnitTooSmall,
                    $"{request.MetricKey} is an ADOPTION metric: adoption targets need a unit of at least {min} teams (Targets:MinTeamsForAdoptionTargets), so that no handful of people is pressed to use a tool; this unit has {request.UnitTeams}.");
            }

            return new TargetDecision(true, null, null, [AdoptionNeedsPrivacyApproval],
                $"Allowed: an ADOPTION target for a unit of {request.UnitTeams} teams (at least {min}); it is in force once a PrivacyOfficer approves it.", true);
        }

        if (request.MetricKind != MetricKinds.Outcome)
        {
            return Deny(ErrorCodes.BadUserInput, "metric", SentimentNotTargeted, $"{request.MetricKey} is a {request.MetricKind} metric: only OUTCOME and ADOPTION metrics carry targets.");
        }

        return new TargetDecision(true, null, null, [OutcomeTargetAllowed], "Allowed: an OUTCOME target, in force at once (teams included).", false);
    }
}
