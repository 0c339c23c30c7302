"""The write side of the register: drafts, the publication workflow, versions, audit and template series.

Every state lives in the store (graph:draft/*, graph:version/*, graph:published, graph:prov, graph:system), so
the API stays stateless. Every write is one guarded SPARQL update (`records.Change`): it applies only when the
series still has the revision the client saw (its ETag), which is how no concurrent update is ever lost.
"""
