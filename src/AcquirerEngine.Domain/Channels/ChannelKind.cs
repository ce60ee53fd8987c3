namespace AcquirerEngine.Domain.Channels;

/// <summary>Payout rails (bank channels) a merchant settlement can travel by.</summary>
public enum ChannelKind
{
    /// <summary>High-Value Payment System (大额): real-time gross, legal working days only, no per-item cap.</summary>
    Hvps = 1,

    /// <summary>Bulk Electronic Payment System (小额): batched and netted, 7x24, per-item caps.</summary>
    Beps = 2,

    /// <summary>Internet Banking Payment System (超级网银): real-time retail, 7x24, per-item cap.</summary>
    Ibps = 3,

    /// <summary>Internal transfer inside the settlement bank: instant whenever its core is up.</summary>
    SameBank = 4,
}
