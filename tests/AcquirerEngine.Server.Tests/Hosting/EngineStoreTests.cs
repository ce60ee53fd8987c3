using AcquirerEngine.Server.Configuration;
using AcquirerEngine.Server.Hosting;
using AcquirerEngine.Testing;

namespace AcquirerEngine.Server.Tests.Hosting;

/// <summary>The store's settings are checked before anything is opened, each error naming its setting.</summary>
public sealed class EngineStoreTests
{
    [Theory]
    [InlineData(-1)]
    [InlineData(1_001)]
    [InlineData(double.NaN)]
    public async Task A_linger_outside_zero_to_a_second_is_refused_by_name(double milliseconds)
    {
        using var data = new TemporaryDirectory();
        var settings = new StorageSettings { DataDirectory = data.Path, MaxLingerMilliseconds = milliseconds };

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => EngineStore.OpenAsync(settings, TimeProvider.System, CancellationToken.None));

        Assert.Contains("AcquirerEngine:Storage:MaxLingerMilliseconds", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.EnumerateFileSystemEntries(data.Path));
    }

    [Fact]
    public async Task No_linger_at_all_is_a_valid_setting()
    {
        using var data = new TemporaryDirectory();
        var settings = new StorageSettings { DataDirectory = data.Path, MaxLingerMilliseconds = 0 };

        await using var store = await EngineStore.OpenAsync(settings, TimeProvider.System, CancellationToken.None);

        Assert.StartsWith("SQLite ", store.Description, StringComparison.Ordinal);
    }
}
