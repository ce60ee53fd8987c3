namespace AcquirerEngine.Domain.Tests;

public sealed class SparseDictionaryTests
{
    [Fact]
    public void No_field_shows_an_empty_view_and_the_first_entry_creates_one_field()
    {
        Dictionary<string, int>? field = null;
        Assert.Empty(SparseDictionary.View(field));

        SparseDictionary.Ensure(ref field).Add("a", 1);
        var created = field;
        SparseDictionary.Ensure(ref field).Add("b", 2);

        Assert.Same(created, field);
        Assert.Equal(["a", "b"], SparseDictionary.View(field).Keys);
    }

    [Fact]
    public void Read_entries_become_an_ordinal_copy_or_no_field_at_all()
    {
        Assert.Null(SparseDictionary.From<int>(null));
        Assert.Null(SparseDictionary.From(new Dictionary<string, int>()));

        var source = new Dictionary<string, int> { ["k"] = 1 };
        var copy = SparseDictionary.From(source)!;
        source["other"] = 2;

        Assert.Equal(["k"], copy.Keys);
        Assert.False(copy.ContainsKey("K"));
    }
}
