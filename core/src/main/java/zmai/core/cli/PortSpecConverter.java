package zmai.core.cli;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;
import zmai.core.link.PortSpec;

/** {@code --port}: a serial device path or {@code tcp://HOST:PORT}, for every command line that opens a link. */
public final class PortSpecConverter implements ITypeConverter<PortSpec> {

    @Override
    public PortSpec convert(String text) {
        try {
            return PortSpec.parse(text);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
