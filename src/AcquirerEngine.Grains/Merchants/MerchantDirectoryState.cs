using AcquirerEngine.Runtime;

namespace AcquirerEngine.Grains.Merchants;

public sealed class MerchantDirectoryState
{
    public List<string> MerchantIds { get; set; } = [];
}
