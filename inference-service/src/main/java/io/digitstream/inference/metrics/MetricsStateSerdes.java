package io.digitstream.inference.metrics;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Binary serdes for the topology's own hot data: the observations on the {@code observations-by-model} repartition
 * topic and the accumulators in the aggregate stores. Every observation is written and read once more through the
 * broker and every store update reads and writes an accumulator, so their JSON (number printing and parsing above
 * all) was most of the topology's CPU time; these are internal formats, not contracts, so they need no schema. A
 * leading version byte makes a value in any other format fail loudly instead of being misread.
 */
final class MetricsStateSerdes {

    private static final byte VERSION = 1;
    private static final int NO_LABEL = -1;

    private MetricsStateSerdes() {
    }

    static Serde<MetricsAccumulator> accumulator() {
        return Serdes.serdeFrom(
                (topic, accumulator) -> accumulator == null ? null : write(out -> accumulator.writeTo(out)),
                (topic, data) -> data == null ? null : read(data, MetricsAccumulator.class, MetricsAccumulator::readFrom));
    }

    static Serde<ModelObservation> observation() {
        return Serdes.serdeFrom(
                (topic, observation) -> observation == null ? null : write(out -> {
                    out.writeUTF(observation.model());
                    out.writeLong(observation.eventTimeMs());
                    out.writeInt(observation.predictedDigit());
                    out.writeInt(observation.trueDigit() == null ? NO_LABEL : observation.trueDigit());
                    out.writeDouble(observation.confidence());
                    out.writeDouble(observation.inferenceLatencyMs());
                    out.writeDouble(observation.endToEndLatencyMs());
                }),
                (topic, data) -> data == null ? null : read(data, ModelObservation.class, in -> {
                    String model = in.readUTF();
                    long eventTimeMs = in.readLong();
                    int predictedDigit = in.readInt();
                    int trueDigit = in.readInt();
                    return new ModelObservation(model, eventTimeMs, predictedDigit,
                            trueDigit == NO_LABEL ? null : trueDigit, in.readDouble(), in.readDouble(), in.readDouble());
                }));
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in) throws IOException;
    }

    private static byte[] write(Writer writer) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            writer.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory cannot fail", e);
        }
        return bytes.toByteArray();
    }

    private static <T> T read(byte[] data, Class<T> type, Reader<T> reader) {
        try {
            if (data.length == 0 || data[0] != VERSION) {
                throw new SerializationException("stored " + type.getSimpleName() + " has unknown format "
                        + (data.length == 0 ? "(empty)" : "version " + data[0]));
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
            T value = reader.read(in);
            if (in.available() != 0) {
                throw new SerializationException("stored " + type.getSimpleName() + " has " + in.available()
                        + " bytes left over");
            }
            return value;
        } catch (IOException e) {
            throw new SerializationException("cannot read stored " + type.getSimpleName(), e);
        }
    }
}
