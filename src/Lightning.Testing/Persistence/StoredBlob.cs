using System.IO.Compression;

namespace Lightning.Testing.Persistence;

/// <summary>How the module keeps large JSON documents (a run's full results, a run's coverage) in a column: gzip, fastest.</summary>
internal static class StoredBlob
{
    public static byte[] Compress(byte[] data)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(data);
        }

        return output.ToArray();
    }

    public static byte[] Decompress(byte[] data)
    {
        using var input = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var output = new MemoryStream();
        input.CopyTo(output);
        return output.ToArray();
    }
}
