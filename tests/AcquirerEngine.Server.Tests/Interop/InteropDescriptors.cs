using AcquirerEngine.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;

namespace AcquirerEngine.Server.Tests.Interop;

/// <summary>
/// The engine's message descriptors as a FileDescriptorSet file for the Python peers: Debian's protobuf runtime is
/// older than our protoc, so they build their message classes at run time from it.
/// </summary>
public static class InteropDescriptors
{
    /// <summary>Writes the set into <paramref name="directory"/> and returns the file's path.</summary>
    public static async Task<string> WriteAsync(string directory)
    {
        var path = Path.Combine(directory, "acquirer.pb");
        var files = new FileDescriptorSet();
        foreach (var file in new[] { TerminalReflection.Descriptor, OperatorReflection.Descriptor, HealthReflection.Descriptor })
        {
            files.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
        }

        await File.WriteAllBytesAsync(path, files.ToByteArray());
        return path;
    }
}
