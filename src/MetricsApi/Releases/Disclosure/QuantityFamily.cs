using MetricsApi.Features.Catalogue;

namespace MetricsApi.Releases.Disclosure;

/// <summary>How a quantity's values relate along the tree and across a split, which decides the rules that apply to it.</summary>
public enum QuantityFamily
{
    /// <summary>Counts and sums of events: each event counts once per unit, so parents and totals are exact sums.</summary>
    Magnitude,

    /// <summary>Distinct people: each person counts for one team per period, so parents are sums; a total lies between its largest split value and their sum.</summary>
    People,

    /// <summary>Distinct days: a parent or total lies between its largest part and the sum of its parts.</summary>
    Days,

    /// <summary>Medians, percentiles, NPS: no linear relation between groups.</summary>
    Other,
}

/// <summary>The family of an aggregation.</summary>
public static class QuantityFamilies
{
    public static QuantityFamily Of(string aggregation) => aggregation switch
    {
        Aggregations.Count or Aggregations.Sum => QuantityFamily.Magnitude,
        Aggregations.DistinctPeople or Aggregations.ShareOfPeople => QuantityFamily.People,
        Aggregations.DistinctDays => QuantityFamily.Days,
        _ => QuantityFamily.Other,
    };
}
