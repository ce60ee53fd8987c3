using AcquirerEngine.Domain.Channels;

namespace AcquirerEngine.Grains.Channels;

/// <summary>
/// One shared answer of <see cref="AnnouncedMaintenanceCache"/>: the rails' windows (asked once, on first use) and
/// the engine time they were asked at. Immutable and replaced whole, so runs read it without taking a lock.
/// </summary>
internal sealed class AnnouncedMaintenanceAnswer(Func<Task<IReadOnlyList<MaintenanceWindow>>> ask, DateTimeOffset askedAtUtc)
{
    public Lazy<Task<IReadOnlyList<MaintenanceWindow>>> Windows { get; } = new(ask);

    public DateTimeOffset AskedAtUtc { get; } = askedAtUtc;

    /// <summary>Serves a run at <paramref name="nowUtc"/>: asked less than FreshFor before it and not failed.</summary>
    public bool ServesAt(DateTimeOffset nowUtc, TimeSpan freshFor) =>
        nowUtc >= AskedAtUtc
        && nowUtc - AskedAtUtc < freshFor
        && !(Windows.IsValueCreated && (Windows.Value.IsFaulted || Windows.Value.IsCanceled));
}
