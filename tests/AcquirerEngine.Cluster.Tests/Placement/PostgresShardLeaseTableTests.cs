using AcquirerEngine.Cluster.Membership;
using AcquirerEngine.Cluster.Placement;

namespace AcquirerEngine.Cluster.Tests.Placement;

/// <summary>Each test uses its own shard numbers: the class shares one database.</summary>
public sealed class PostgresShardLeaseTableTests(ClusterDatabase database) : IClassFixture<ClusterDatabase>
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private PostgresShardLeaseTable Leases => new(database.DataSource);

    private PostgresMembershipTable Members => new(database.DataSource);

    [Fact]
    public async Task Nodes_racing_for_one_shard_have_exactly_one_winner()
    {
        var racers = new List<ClusterMember>();
        for (var i = 0; i < 8; i++)
        {
            racers.Add(await Members.RegisterAsync($"racer-{i}", $"127.0.0.1:{7100 + i}", CancellationToken.None));
        }

        var results = await Task.WhenAll(racers.Select(r => Leases.TryAcquireAsync(0, r.Incarnation, Lease, CancellationToken.None)));

        var winner = Assert.Single(results, r => r is not null);
        var lease = Assert.Single(await Leases.ReadAllAsync(CancellationToken.None), l => l.Shard == 0);
        Assert.Equal(winner!.Value.Epoch, lease.Epoch);
        Assert.Contains(racers, r => r.Incarnation == lease.OwnerIncarnation);
    }

    [Fact]
    public async Task A_live_owner_keeps_its_shard_and_an_expired_lease_moves_with_a_higher_epoch()
    {
        var first = await Members.RegisterAsync("owner", "127.0.0.1:7201", CancellationToken.None);
        var second = await Members.RegisterAsync("taker", "127.0.0.1:7202", CancellationToken.None);
        var held = await Leases.TryAcquireAsync(1, first.Incarnation, Lease, CancellationToken.None);
        Assert.NotNull(held);

        Assert.Null(await Leases.TryAcquireAsync(1, second.Incarnation, Lease, CancellationToken.None));

        await database.ExpireLeaseAsync(1);
        var taken = await Leases.TryAcquireAsync(1, second.Incarnation, Lease, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.True(taken.Value.Epoch > held.Value.Epoch, $"epoch {taken.Value.Epoch} must exceed {held.Value.Epoch}");
        var renewed = await Leases.RenewAsync(first.Incarnation, [held.Value], Lease, CancellationToken.None);
        Assert.Empty(renewed);
    }

    [Fact]
    public async Task A_dead_owners_shard_is_free_before_its_lease_runs_out()
    {
        var owner = await Members.RegisterAsync("doomed", "127.0.0.1:7301", CancellationToken.None);
        var survivor = await Members.RegisterAsync("survivor", "127.0.0.1:7302", CancellationToken.None);
        Assert.NotNull(await Leases.TryAcquireAsync(2, owner.Incarnation, Lease, CancellationToken.None));
        await database.AgeHeartbeatAsync(owner.Incarnation, TimeSpan.FromMinutes(1));
        await Members.DeclareStaleMembersDeadAsync(TimeSpan.FromSeconds(5), CancellationToken.None);

        var taken = await Leases.TryAcquireAsync(2, survivor.Incarnation, Lease, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal(survivor.Incarnation, (await Leases.ReadAllAsync(CancellationToken.None)).Single(l => l.Shard == 2).OwnerIncarnation);
    }

    [Fact]
    public async Task A_member_that_is_no_longer_live_can_neither_take_nor_renew()
    {
        var member = await Members.RegisterAsync("gone", "127.0.0.1:7401", CancellationToken.None);
        var held = await Leases.TryAcquireAsync(3, member.Incarnation, Lease, CancellationToken.None);
        Assert.NotNull(held);
        await Members.BeginLeavingAsync(member.Incarnation, CancellationToken.None);
        await Members.MarkLeftAsync(member.Incarnation, CancellationToken.None);

        Assert.Empty(await Leases.RenewAsync(member.Incarnation, [held.Value], Lease, CancellationToken.None));
        Assert.Null(await Leases.TryAcquireAsync(4, member.Incarnation, Lease, CancellationToken.None));
    }

    [Fact]
    public async Task Renewal_extends_only_the_leases_held_at_the_known_epoch()
    {
        var member = await Members.RegisterAsync("renewer", "127.0.0.1:7501", CancellationToken.None);
        var five = await Leases.TryAcquireAsync(5, member.Incarnation, Lease, CancellationToken.None);
        var six = await Leases.TryAcquireAsync(6, member.Incarnation, Lease, CancellationToken.None);
        Assert.NotNull(five);
        Assert.NotNull(six);

        var renewed = await Leases.RenewAsync(
            member.Incarnation, [five.Value, six.Value with { Epoch = six.Value.Epoch - 1 }], Lease, CancellationToken.None);

        Assert.Equal([5], renewed.Order());
    }

    [Fact]
    public async Task A_released_shard_is_taken_by_the_next_owner_at_a_higher_epoch()
    {
        var leaving = await Members.RegisterAsync("handing-over", "127.0.0.1:7601", CancellationToken.None);
        var joining = await Members.RegisterAsync("joining", "127.0.0.1:7602", CancellationToken.None);
        var held = await Leases.TryAcquireAsync(7, leaving.Incarnation, Lease, CancellationToken.None);
        Assert.NotNull(held);

        Assert.True(await Leases.ReleaseAsync(held.Value, leaving.Incarnation, CancellationToken.None));
        Assert.False(await Leases.ReleaseAsync(held.Value, leaving.Incarnation, CancellationToken.None));
        var taken = await Leases.TryAcquireAsync(7, joining.Incarnation, Lease, CancellationToken.None);

        Assert.NotNull(taken);
        Assert.Equal(held.Value.Epoch + 1, taken.Value.Epoch);
    }
}
