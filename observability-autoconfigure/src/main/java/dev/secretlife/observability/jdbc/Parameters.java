package dev.secretlife.observability.jdbc;

import java.util.List;

import net.ttddyy.dsproxy.QueryInfo;
import net.ttddyy.dsproxy.proxy.ParameterSetOperation;

/**
 * Formats the bound parameter values of a statement, for the opt-in {@code log-parameters} mode only.
 */
final class Parameters {

	private static final int MAX_VALUE_LENGTH = 200;

	private Parameters() {
	}

	static String format(List<QueryInfo> queryInfoList) {
		StringBuilder out = new StringBuilder("[");
		for (QueryInfo query : queryInfoList) {
			for (List<ParameterSetOperation> parameters : query.getParametersList()) {
				if (out.length() > 1) {
					out.append(", ");
				}
				out.append('(');
				boolean first = true;
				for (ParameterSetOperation parameter : parameters) {
					Object[] args = parameter.getArgs();
					if (!first) {
						out.append(", ");
					}
					first = false;
					Object value = (args != null && args.length > 1) ? args[1] : null;
					if (ParameterSetOperation.isSetNullParameterOperation(parameter)) {
						value = null;
					}
					out.append(SqlShapes.truncate(String.valueOf(value), MAX_VALUE_LENGTH));
				}
				out.append(')');
			}
		}
		return out.append(']').toString();
	}

}
