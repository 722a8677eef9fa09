package io.digitstream.inference.metrics;

import io.digitstream.schemas.FieldMatch;
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

    /**
     * The format written. Format 1 (before form fields) is still read: a restart after an upgrade finds it in the
     * stores and on the repartition topic.
     */
    private static final byte VERSION = 2;
    private static final byte FIRST_VERSION = 1;
    private static final int NO_LABEL = -1;
    private static final ModelObservation.Kind[] KINDS = ModelObservation.Kind.values();

    private MetricsStateSerdes() {
    }

    static Serde<MetricsAccumulator> accumulator() {
        return Serdes.serdeFrom(
                (topic, accumulator) -> accumulator == null ? null : write(out -> accumulator.writeTo(out)),
                (topic, data) -> data == null ? null : read(data, MetricsAccumulator.class, MetricsAccumulator::readFrom));
    }

    /** Format 2: model, time, kind, then only what the kind carries. */
    static Serde<ModelObservation> observation() {
        return Serdes.serdeFrom(
                (topic, observation) -> observation == null ? null : write(out -> {
                    out.writeUTF(observation.model());
                    out.writeLong(observation.eventTimeMs());
                    out.writeByte(observation.kind().ordinal());
                    switch (observation.kind()) {
                        case PREDICTION -> {
                            out.writeInt(observation.predictedDigit());
                            out.writeDouble(observation.confidence());
                            out.writeDouble(observation.inferenceLatencyMs());
                            out.writeDouble(observation.endToEndLatencyMs());
                        }
                        case LABELLED_OUTCOME -> {
                            out.writeInt(observation.predictedDigit());
                            out.writeInt(observation.trueDigit());
                        }
                        case FIELD_READ -> {
                        }
                        case FIELD_OUTCOME -> {
                            out.writeInt(observation.field().digits());
                            out.writeInt(observation.field().digitsRight());
                            out.writeBoolean(observation.field().lengthRight());
                        }
                    }
                }),
                (topic, data) -> data == null ? null : read(data, ModelObservation.class,
                        (in, format) -> format == FIRST_VERSION ? readFirstFormat(in) : readObservation(in)));
    }

    private static ModelObservation readObservation(DataInputStream in) throws IOException {
        String model = in.readUTF();
        long eventTimeMs = in.readLong();
        int kind = in.readUnsignedByte();
        if (kind >= KINDS.length) {
            throw new SerializationException("stored ModelObservation has unknown kind " + kind);
        }
        return switch (KINDS[kind]) {
            case PREDICTION -> ModelObservation.prediction(model, eventTimeMs, in.readInt(), in.readDouble(),
                    in.readDouble(), in.readDouble());
            case LABELLED_OUTCOME -> ModelObservation.labelledOutcome(model, eventTimeMs, in.readInt(), in.readInt());
            case FIELD_READ -> ModelObservation.fieldRead(model, eventTimeMs);
            case FIELD_OUTCOME -> ModelObservation.fieldOutcome(model, eventTimeMs,
                    new FieldMatch(in.readInt(), in.readInt(), in.readBoolean()));
        };
    }

    /** Format 1 knew predictions and labelled outcomes only, each with every column. */
    private static ModelObservation readFirstFormat(DataInputStream in) throws IOException {
        String model = in.readUTF();
        long eventTimeMs = in.readLong();
        int predictedDigit = in.readInt();
        int trueDigit = in.readInt();
        double confidence = in.readDouble();
        double inferenceLatencyMs = in.readDouble();
        double endToEndLatencyMs = in.readDouble();
        return trueDigit == NO_LABEL
                ? ModelObservation.prediction(model, eventTimeMs, predictedDigit, confidence, inferenceLatencyMs,
                        endToEndLatencyMs)
                : ModelObservation.labelledOutcome(model, eventTimeMs, predictedDigit, trueDigit);
    }

    private interface Writer {
        void write(DataOutputStream out) throws IOException;
    }

    private interface Reader<T> {
        T read(DataInputStream in, int format) throws IOException;
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
            if (data.length == 0 || data[0] < FIRST_VERSION || data[0] > VERSION) {
                throw new SerializationException("stored " + type.getSimpleName() + " has unknown format "
                        + (data.length == 0 ? "(empty)" : "version " + data[0]));
            }
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(data, 1, data.length - 1));
            T value = reader.read(in, data[0]);
            if (in.available() != 0) {
                throw new SerializationException("stored " + type.getSimpleName() + " has " + in.available()
                        + " bytes left over");
            }
            return value;
        } catch (IOException | IllegalArgumentException e) {
            throw new SerializationException("cannot read stored " + type.getSimpleName(), e);
        }
    }
}
