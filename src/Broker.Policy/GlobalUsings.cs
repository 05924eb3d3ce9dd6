global using Broker.Protocol.Vocabulary;
