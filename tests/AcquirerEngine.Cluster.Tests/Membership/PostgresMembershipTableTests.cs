using AcquirerEngine.Cluster.Membership;
using Npgsql;

namespace AcquirerEngine.Cluster.Tests.Membership;

public sealed class PostgresMembershipTableTests(ClusterDatabase database) : IClassFixture<ClusterDatabase>
{
    private static readonly TimeSpan DeadAfter = TimeSpan.FromSeconds(5);

    private PostgresMembershipTable Table => new(database.DataSource);

    [Fact]
    public async Task Each_registration_is_a_new_incarnation_even_for_the_same_node()
    {
        var first = await Table.RegisterAsync("node-a", "127.0.0.1:7001", CancellationToken.None);
        var restarted = await Table.RegisterAsync("node-a", "127.0.0.1:7001", CancellationToken.None);

        Assert.True(restarted.Incarnation > first.Incarnation);
        Assert.Equal(MemberStatus.Active, restarted.Status);
        Assert.Contains(await Table.ReadLiveAsync(CancellationToken.None), m => m.Incarnation == first.Incarnation);
    }

    [Fact]
    public async Task A_member_silent_longer_than_the_rule_is_declared_dead_and_a_beating_one_is_not()
    {
        var silent = await Table.RegisterAsync("node-silent", "127.0.0.1:7002", CancellationToken.None);
        var beating = await Table.RegisterAsync("node-beating", "127.0.0.1:7003", CancellationToken.None);
        await database.AgeHeartbeatAsync(silent.Incarnation, DeadAfter + TimeSpan.FromSeconds(1));
        await database.AgeHeartbeatAsync(beating.Incarnation, DeadAfter - TimeSpan.FromSeconds(2));

        var declared = await Table.DeclareStaleMembersDeadAsync(DeadAfter, CancellationToken.None);

        Assert.Contains(declared, m => m.Incarnation == silent.Incarnation && m.Status == MemberStatus.Dead);
        Assert.DoesNotContain(declared, m => m.Incarnation == beating.Incarnation);
        var live = await Table.ReadLiveAsync(CancellationToken.None);
        Assert.DoesNotContain(live, m => m.Incarnation == silent.Incarnation);
        Assert.Contains(live, m => m.Incarnation == beating.Incarnation);
    }

    [Fact]
    public async Task A_dead_member_that_wakes_up_is_told_it_is_no_longer_a_member_and_stays_dead()
    {
        var paused = await Table.RegisterAsync("node-paused", "127.0.0.1:7004", CancellationToken.None);
        await database.AgeHeartbeatAsync(paused.Incarnation, DeadAfter * 2);
        await Table.DeclareStaleMembersDeadAsync(DeadAfter, CancellationToken.None);

        var heartbeat = await Table.HeartbeatAsync(paused.Incarnation, CancellationToken.None);

        Assert.Equal(HeartbeatResult.NoLongerMember, heartbeat);
        var row = Assert.Single(await Table.ReadAllAsync(CancellationToken.None), m => m.Incarnation == paused.Incarnation);
        Assert.Equal(MemberStatus.Dead, row.Status);
        Assert.False(await Table.BeginLeavingAsync(paused.Incarnation, CancellationToken.None));
    }

    [Fact]
    public async Task The_database_itself_refuses_to_revive_a_dead_row()
    {
        var member = await Table.RegisterAsync("node-revived", "127.0.0.1:7005", CancellationToken.None);
        await database.AgeHeartbeatAsync(member.Incarnation, DeadAfter * 2);
        await Table.DeclareStaleMembersDeadAsync(DeadAfter, CancellationToken.None);

        await using var revive = database.DataSource.CreateCommand("UPDATE cluster_members SET status = 'active' WHERE incarnation = @i;");
        revive.Parameters.AddWithValue("i", member.Incarnation);
        var error = await Assert.ThrowsAsync<PostgresException>(() => revive.ExecuteNonQueryAsync());
        Assert.Contains("cannot become active", error.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_heartbeat_moves_the_last_heartbeat_forward_on_the_database_clock()
    {
        var member = await Table.RegisterAsync("node-beat", "127.0.0.1:7006", CancellationToken.None);
        await database.AgeHeartbeatAsync(member.Incarnation, TimeSpan.FromMinutes(1));

        Assert.Equal(HeartbeatResult.Alive, await Table.HeartbeatAsync(member.Incarnation, CancellationToken.None));

        var row = Assert.Single(await Table.ReadLiveAsync(CancellationToken.None), m => m.Incarnation == member.Incarnation);
        Assert.True(row.LastHeartbeat > row.StartedAt, $"heartbeat {row.LastHeartbeat:O} should be after start {row.StartedAt:O}");
        var declared = await Table.DeclareStaleMembersDeadAsync(DeadAfter, CancellationToken.None);
        Assert.DoesNotContain(declared, m => m.Incarnation == member.Incarnation);
    }

    [Fact]
    public async Task A_graceful_leave_goes_through_leaving_to_left_which_is_final()
    {
        var member = await Table.RegisterAsync("node-leaving", "127.0.0.1:7007", CancellationToken.None);

        Assert.True(await Table.BeginLeavingAsync(member.Incarnation, CancellationToken.None));
        Assert.Equal(HeartbeatResult.Alive, await Table.HeartbeatAsync(member.Incarnation, CancellationToken.None));
        Assert.True(await Table.MarkLeftAsync(member.Incarnation, CancellationToken.None));

        Assert.Equal(HeartbeatResult.NoLongerMember, await Table.HeartbeatAsync(member.Incarnation, CancellationToken.None));
        Assert.DoesNotContain(await Table.ReadLiveAsync(CancellationToken.None), m => m.Incarnation == member.Incarnation);
    }

    [Fact]
    public void The_rule_needs_room_for_a_late_heartbeat()
    {
        var options = new MembershipOptions { HeartbeatInterval = TimeSpan.FromSeconds(2), DeadAfter = TimeSpan.FromSeconds(3) };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);
        Assert.Equal(nameof(MembershipOptions.DeadAfter), error.ParamName);
    }
}
