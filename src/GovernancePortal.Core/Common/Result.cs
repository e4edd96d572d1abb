namespace GovernancePortal.Core.Common;

/// <summary>An expected failure, turned into a message in the UI and a problem detail at the API edge.</summary>
public abstract record Error(string Message)
{
    public sealed record Validation(IReadOnlyDictionary<string, string> Fields)
        : Error("Some fields are not valid: " + string.Join("; ", Fields.Select(f => $"{f.Key}: {f.Value}")));
    public sealed record NotFound(string What) : Error($"{What} was not found.");
    public sealed record Forbidden(string Why) : Error(Why);
    public sealed record Conflict(string Why) : Error(Why);
}

/// <summary>Outcome of a service operation: a value or an <see cref="Error"/>, never both.</summary>
public readonly record struct Result<T>
{
    public T? Value { get; }
    public Error? Error { get; }
    public bool Succeeded => Error is null;

    private Result(T? value, Error? error) => (Value, Error) = (value, error);

    public static implicit operator Result<T>(T value) => new(value, null);
    public static implicit operator Result<T>(Error error) => new(default, error);
}
