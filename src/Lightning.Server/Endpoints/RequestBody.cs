namespace Lightning.Server.Endpoints;

/// <summary>Reads a request body that must stay under a size limit, without ever holding more than the limit in memory.</summary>
public static class RequestBody
{
    /// <summary>
    /// The whole body, or null when it is larger than <paramref name="limit"/> bytes (by its Content-Length, or once that
    /// many bytes have arrived, whichever tells first).
    /// </summary>
    public static async Task<MemoryStream?> ReadAtMostAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > limit)
        {
            return null;
        }

        var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                await buffer.DisposeAsync();
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer;
    }
}
