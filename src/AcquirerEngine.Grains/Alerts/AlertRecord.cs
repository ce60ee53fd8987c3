namespace AcquirerEngine.Grains.Alerts;

/// <summary>
/// One operator alert. <paramref name="Id"/> is idempotent: raising the same id again changes nothing, so a
/// raiser that is unsure whether its alert landed (a crash, a lost reply) simply raises it again.
/// <paramref name="Kind"/> is one of <see cref="AlertKinds"/> (a string so new kinds need no shared enum edit).
/// </summary>
public sealed record AlertRecord(
    string Kind,
    string? MerchantId,
    string Subject,
    string Message,
    DateTime RaisedAtLocal,
    string Id);
