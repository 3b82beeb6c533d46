namespace Lightning.Testing.Notifications;

/// <summary>How a delivery ended after its attempts.</summary>
internal sealed record DeliveryResult(bool Delivered, int Attempts, int? ResponseStatus, string? Error);
