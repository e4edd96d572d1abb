# GovernancePortal: build with the .NET SDK, run on the ASP.NET Core runtime as a non-root user.
#   docker build -t governance-portal .
#   docker run -d -p 8080:8080 -v gp-data:/app/data governance-portal
# Settings: docs/configuration.md (e.g. -e ConnectionStrings__Governance=..., -e Demo__Password=... with --seed-demo).

FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src

# Restore first, from the project files alone, so the package layer is cached until a project file changes.
COPY global.json Directory.Build.props Directory.Packages.props GovernancePortal.sln ./
COPY src/GovernancePortal.Core/GovernancePortal.Core.csproj src/GovernancePortal.Core/
COPY src/GovernancePortal.Migrations.Sqlite/GovernancePortal.Migrations.Sqlite.csproj src/GovernancePortal.Migrations.Sqlite/
COPY src/GovernancePortal.Migrations.Postgres/GovernancePortal.Migrations.Postgres.csproj src/GovernancePortal.Migrations.Postgres/
COPY src/GovernancePortal.Web/GovernancePortal.Web.csproj src/GovernancePortal.Web/
RUN dotnet restore src/GovernancePortal.Web/GovernancePortal.Web.csproj

# The web project links ../../wwwroot-assets into wwwroot/assets, so the brand assets must sit beside src/.
COPY src/ src/
COPY wwwroot-assets/ wwwroot-assets/
# The default promotion policies are embedded into the core library from here.
COPY docs/policies/ docs/policies/
RUN dotnet publish src/GovernancePortal.Web/GovernancePortal.Web.csproj \
        --configuration Release --no-restore --output /app/publish -p:UseAppHost=false

FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
# Application files stay owned by root (read-only for the app user).
COPY --from=build /app/publish ./
# The content root is /app, so the default database is /app/data/governance.db and the data-protection
# keys go to /app/data/keys. Create the folder owned by the app user before declaring the volume, so a
# new named volume starts out writable by it.
RUN mkdir -p /app/data && chown "$APP_UID" /app/data
VOLUME /app/data

# The aspnet image defines the non-root user "app" (UID 1654) and APP_UID.
USER $APP_UID
# Overrides the image's ASPNETCORE_HTTP_PORTS (a start-up warning says so). Override again with --urls.
ENV ASPNETCORE_URLS=http://+:8080
EXPOSE 8080
# The runtime image has no curl or wget; bash's /dev/tcp asks GET /health/ready (database reachable and migrated).
# /health/live answers without the database (for restart decisions); /health is an alias of ready.
HEALTHCHECK --interval=10s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /health/ready HTTP/1.0\\r\\nHost: localhost\\r\\n\\r\\n' >&3 && head -n1 <&3 | grep -q ' 200 '"]
ENTRYPOINT ["dotnet", "GovernancePortal.Web.dll"]
