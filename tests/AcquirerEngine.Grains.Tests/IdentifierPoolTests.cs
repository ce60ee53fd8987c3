namespace AcquirerEngine.Grains.Tests;

public sealed class IdentifierPoolTests
{
    [Fact]
    public void Equal_values_share_the_first_instance()
    {
        var pool = new IdentifierPool(10);
        var first = new string("898340149000001".AsSpan());
        var copy = new string("898340149000001".AsSpan());
        Assert.NotSame(first, copy);

        Assert.Same(first, pool.Share(first));
        Assert.Same(first, pool.Share(copy));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void Past_its_capacity_the_pool_hands_new_values_back_unshared_but_keeps_sharing_the_ones_it_holds()
    {
        var pool = new IdentifierPool(2);
        var a = pool.Share(new string('a', 3));
        pool.Share(new string('b', 3));

        var c = new string('c', 3);
        Assert.Same(c, pool.Share(c));
        Assert.NotSame(pool.Share(new string('c', 3)), c);
        Assert.Same(a, pool.Share(new string('a', 3)));
        Assert.Equal(2, pool.Count);
    }

    [Fact]
    public void Concurrent_first_uses_of_one_value_agree_on_one_instance()
    {
        var pool = new IdentifierPool(100);
        var shared = Enumerable.Range(0, 8)
            .AsParallel()
            .Select(_ => pool.Share(new string("T0000001".AsSpan())))
            .ToList();

        Assert.All(shared, s => Assert.Same(shared[0], s));
        Assert.Equal(1, pool.Count);
    }

    [Fact]
    public void A_negative_capacity_is_refused_naming_the_argument()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new IdentifierPool(-1));
        Assert.Equal("capacity", error.ParamName);
    }
}
