/// One node of a Redis Cluster: a seed given in the configuration, or a primary the slot map names.
public typealias ClusterNode = RedisNode
