namespace AcquirerEngine.Domain.Payouts;

/// <summary>
/// How a rail's queue drains while the rail is open: one drain every <see cref="Period"/>, sending at most
/// <see cref="BudgetPerDrain"/> payouts each time. <see cref="BatchInterval"/> is set for batched rails (BEPS),
/// whose drains fall on batch boundaries counted from local midnight.
/// </summary>
public sealed record DrainPlan(TimeSpan Period, int BudgetPerDrain, TimeSpan? BatchInterval);
