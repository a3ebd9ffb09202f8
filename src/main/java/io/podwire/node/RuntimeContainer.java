package io.podwire.node;

/** An app container as containerd reports it (`crictl inspect`, the selected fields): its sandbox and its process. */
public record RuntimeContainer(String id, String sandboxId, String name, int pid) {
}
