// Placeholder entry point until the host is wired; replaced by the Broker.Cli host.
return 0;
